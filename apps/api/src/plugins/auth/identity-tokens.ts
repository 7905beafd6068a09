import type { Role } from '@freezer/schema';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkPassword } from './credentials.js';
import { type Principal, roleIn, tokenPrincipal, unauthorized } from './principal.js';
import { IDENTITY_TOKEN_PREFIX, newSecret, sha256 } from './secrets.js';

/** What a Keystone v3 `POST /auth/tokens` body asks for (the parts we honour). */
export interface IdentityRequest {
  method: string;
  userName?: string;
  password?: string;
  token?: string;
  projectId?: string;
}

export interface IssuedIdentity {
  token: string;
  userId: string;
  userName: string;
  projectId: string;
  role: Role;
  expiresAt: number;
}

async function principalFor(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  r: IdentityRequest,
): Promise<Principal> {
  if (r.method === 'token') {
    const p = r.token ? await tokenPrincipal(app.store, r.token) : undefined;
    if (!p) throw unauthorized('the token to exchange is unknown, expired or revoked');
    return p;
  }
  if (r.userName === undefined || r.password === undefined) {
    throw unauthorized('password authentication needs auth.identity.password.user.name and .password');
  }
  const user = await checkPassword(app, req, reply, r.userName, r.password);
  const roles = new Map((await app.store.users.memberships(user.userId)).map((m) => [m.project_id, m.role]));
  return {
    userId: user.userId,
    userName: user.name,
    isAdmin: user.isAdmin === 1,
    allProjects: user.isAdmin === 1,
    roles,
    clientId: null,
    via: 'session',
  };
}

/**
 * Real credentials in, a project-scoped token out (stored hashed, kind 'identity'). A token
 * exchanged for another keeps its project, role and client restriction, never gaining any, and
 * never outlives it: it expires no later, and revoking the parent revokes it.
 */
export async function issueIdentityToken(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  r: IdentityRequest,
): Promise<IssuedIdentity> {
  const p = await principalFor(app, req, reply, r);
  const projectId = r.projectId ?? [...p.roles.keys()][0];
  if (projectId === undefined)
    throw unauthorized(`user ${p.userName} has no project: ask for a project scope`);
  const role = roleIn(p, projectId);
  if (!role) throw unauthorized(`user ${p.userName} has no role in project ${projectId}`);
  const token = newSecret(IDENTITY_TOKEN_PREFIX);
  const parent = p.tokenId === undefined ? undefined : await app.store.tokens.byId(p.tokenId);
  const own = app.store.ctx.now() + app.auth.identityTokenTtl;
  const expiresAt = Math.min(own, parent?.expires_at ?? own);
  await app.store.tokens.create({
    kind: 'identity',
    tokenHash: sha256(token),
    userId: p.userId,
    name: 'keystone',
    projectId,
    role,
    clientId: p.clientId,
    expiresAt,
    parentTokenId: parent?.token_id ?? null,
  });
  return { token, userId: p.userId, userName: p.userName, projectId, role, expiresAt };
}

/**
 * DELETE /v3/auth/tokens: revokes the subject token and everything derived from it. Holding the
 * secret is the authority to end it (whoever has it could use it anyway); false if unknown.
 */
export async function revokeSubjectToken(app: FastifyInstance, token: string): Promise<boolean> {
  const row = await app.store.tokens.byHash(sha256(token));
  if (!row || row.revoked_at !== null) return false;
  await app.store.tokens.revoke(row.token_id);
  return true;
}

/** GET /v3/auth/tokens: what a valid subject token stands for (undefined: unknown or revoked). */
export async function describeToken(app: FastifyInstance, token: string) {
  const p = await tokenPrincipal(app.store, token);
  const entry = p && [...p.roles.entries()][0];
  return p && entry
    ? { userId: p.userId, userName: p.userName, projectId: entry[0], role: entry[1] }
    : undefined;
}
