import { ROLE_RANK, type Role } from '@freezer/schema';

/** Keystone's default roles onto ours (also the legacy `_member_`); any other role grants nothing. */
const KEYSTONE_ROLES: Record<string, Role> = {
  admin: 'admin',
  member: 'member',
  _member_: 'member',
  reader: 'reader',
};

/** The highest of our roles a Keystone token's role names give, or undefined. */
export function mapKeystoneRoles(names: readonly string[]): Role | undefined {
  let best: Role | undefined;
  for (const name of names) {
    const role = KEYSTONE_ROLES[name.toLowerCase()];
    if (role && (best === undefined || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}
