import { type KeystoneToken, OpenStackError, mapKeystoneRoles } from '@freezer/openstack';
import type { Role, UserDoc } from '@freezer/schema';
import { ApiError } from '../api-error.js';
import type { Principal } from './principal.js';
import type { KeystoneAuth } from './settings.js';

/**
 * A Keystone token's principal: its project, with Keystone's admin/member/reader mapped onto ours.
 * A Keystone admin is admin of the token's project only, never our global administrator (user
 * management and /metrics stay with our own admins). An unscoped token has no project and no role.
 */
export function keystonePrincipal(t: KeystoneToken): Principal {
  const roles = new Map<string, Role>();
  const role = mapKeystoneRoles((t.roles ?? []).map((r) => r.name));
  if (t.project && role) roles.set(t.project.id, role);
  return {
    userId: t.user.id,
    userName: t.user.name,
    isAdmin: false,
    allProjects: false,
    roles,
    clientId: null,
    via: 'token',
    source: 'keystone',
  };
}

/** Asks Keystone (through the validator's cache); Keystone unreachable is a 503, not a 500. */
export async function validateWithKeystone(
  keystone: KeystoneAuth,
  token: string,
): Promise<KeystoneToken | undefined> {
  try {
    return await keystone.validate(token);
  } catch (err) {
    if (err instanceof OpenStackError) throw new ApiError(503, 'Service Unavailable', err.message);
    throw err;
  }
}

/** The dashboard's view of a Keystone user (GET /auth/session). */
export function keystoneUserDoc(p: Principal): UserDoc {
  return {
    user_id: p.userId,
    name: p.userName,
    is_admin: false,
    projects: [...p.roles.entries()].map(([project_id, role]) => ({ project_id, role })),
    created_at: 0,
  };
}
