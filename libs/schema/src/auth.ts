import { z } from 'zod';

/** Roles in a project: admin (everything), member (read + write), reader (read only). */
export const Role = z.enum(['admin', 'member', 'reader']);
export type Role = z.infer<typeof Role>;

export const ROLE_RANK: Record<Role, number> = { reader: 1, member: 2, admin: 3 };

const projectId = z.string().min(1).max(255);
export const MIN_PASSWORD_LENGTH = 12;
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024);
const userName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');

export const ProjectRole = z.object({ project_id: projectId, role: Role });
export type ProjectRole = z.infer<typeof ProjectRole>;

export const UserDoc = z.object({
  user_id: z.string(),
  name: z.string(),
  /** Global administrator: every project, user management. */
  is_admin: z.boolean(),
  projects: z.array(ProjectRole),
  created_at: z.number().int(),
});
export type UserDoc = z.infer<typeof UserDoc>;

export const UserCreate = z.strictObject({
  name: userName,
  password,
  is_admin: z.boolean().optional(),
  projects: z.array(ProjectRole).optional(),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserPatch = z.strictObject({
  password: password.optional(),
  is_admin: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const MembershipPut = z.strictObject({ role: Role });

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** GET /auth/session: who is logged in, and the CSRF token to echo in X-CSRF-Token. */
export const SessionInfo = z.object({
  auth_enabled: z.boolean(),
  user: UserDoc.nullable(),
  csrf_token: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const TokenCreate = z.strictObject({
  name: z.string().min(1).max(128),
  project_id: projectId,
  /** At most the creator's role in the project; default member. */
  role: Role.optional(),
  /** A scheduler token: may only read this client's jobs and write their results. */
  client_id: z.string().min(1).max(255).optional(),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});
export type TokenCreate = z.infer<typeof TokenCreate>;

export const TokenDoc = z.object({
  token_id: z.string(),
  name: z.string(),
  user_id: z.string(),
  project_id: z.string(),
  role: Role,
  client_id: z.string().nullable(),
  created_at: z.number().int(),
  expires_at: z.number().int().nullable(),
  last_used_at: z.number().int().nullable(),
  revoked_at: z.number().int().nullable(),
  /** 'api' (made by a user) or 'identity' (from /v3/auth/tokens). */
  kind: z.enum(['api', 'identity']).optional(),
  /** The token this one was exchanged for: it dies with it, and is listed right after it. */
  parent_token_id: z.string().nullable().optional(),
});
export type TokenDoc = z.infer<typeof TokenDoc>;

/** The one reply that carries the secret: it is stored hashed and never shown again. */
export const TokenCreated = TokenDoc.extend({ token: z.string() });
export type TokenCreated = z.infer<typeof TokenCreated>;
