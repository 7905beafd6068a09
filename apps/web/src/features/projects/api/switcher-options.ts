import type { UserDoc } from '@freezer/schema';

export interface ProjectOption {
  id: string;
  label: string;
}

/**
 * The projects to offer. Without auth (user null) every project with data plus the default. With
 * auth a user sees their memberships, labelled with the role; a global admin also every project
 * with data. The current project is always listed so the select never shows a blank.
 */
export function switcherOptions(o: {
  user: UserDoc | null;
  current: string;
  known: readonly string[];
  fallback: string;
}): ProjectOption[] {
  const { user, current, known, fallback } = o;
  if (!user) {
    return Array.from(new Set([fallback, current, ...known]))
      .sort()
      .map((id) => ({ id, label: id }));
  }
  const roles = new Map(user.projects.map((p) => [p.project_id, p.role]));
  const ids = new Set([current, ...roles.keys(), ...(user.is_admin ? known : [])]);
  return [...ids].sort().map((id) => {
    const role = roles.get(id);
    return { id, label: role ? `${id} (${role})` : id };
  });
}
