import { ROLE_RANK, type Role, type TokenCreate, type UserDoc } from '@freezer/schema';

export interface TokenForm {
  name: string;
  project: string;
  role: Role;
  /** Empty: a token for scripts; set: a scheduler token limited to this client's jobs. */
  clientId: string;
  /** Empty: never expires. */
  expiresInDays: string;
}

export type TokenFormErrors = Partial<Record<keyof TokenForm, string>>;

const ROLES: Role[] = ['admin', 'member', 'reader'];

/** The projects a user can make tokens for: their memberships (an admin may name any project). */
export function tokenProjects(user: UserDoc, current: string, known: readonly string[]): string[] {
  const own = user.projects.map((p) => p.project_id);
  return Array.from(new Set(user.is_admin ? [current, ...own, ...known] : own)).sort();
}

/** A token never gets more than its creator's role in the project (the API refuses that too). */
export function allowedRoles(user: UserDoc, project: string): Role[] {
  const own: Role | undefined = user.is_admin
    ? 'admin'
    : user.projects.find((p) => p.project_id === project)?.role;
  return own ? ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[own]) : [];
}

/** The API's own default: member when allowed, otherwise reader. */
export function defaultRole(roles: Role[]): Role {
  return roles.includes('member') ? 'member' : 'reader';
}

export function validateTokenForm(f: TokenForm, roles: Role[]): TokenFormErrors {
  const errors: TokenFormErrors = {};
  if (!f.name.trim()) errors.name = 'Give the token a name, e.g. the host or script that uses it.';
  else if (f.name.trim().length > 128) errors.name = 'At most 128 characters.';
  if (!f.project) errors.project = 'Choose a project.';
  else if (!roles.includes(f.role)) errors.role = `You cannot give a ${f.role} token in ${f.project}.`;
  const days = f.expiresInDays.trim();
  if (days && (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 3650)) {
    errors.expiresInDays = 'A whole number of days from 1 to 3650, or empty for no expiry.';
  }
  if (f.clientId.trim().length > 255) errors.clientId = 'At most 255 characters.';
  return errors;
}

export function toTokenCreate(f: TokenForm): TokenCreate {
  const clientId = f.clientId.trim();
  const days = f.expiresInDays.trim();
  return {
    name: f.name.trim(),
    project_id: f.project,
    role: f.role,
    ...(clientId ? { client_id: clientId } : {}),
    ...(days ? { expires_in_days: Number(days) } : {}),
  };
}
