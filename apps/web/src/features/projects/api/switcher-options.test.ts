import { describe, expect, it } from 'vitest';
import { switcherOptions } from './switcher-options';

describe('project switcher options', () => {
  it('without auth: every project with data, the default and the current one', () => {
    const o = switcherOptions({ user: null, current: 'mine', known: ['b', 'a'], fallback: 'default' });
    expect(o.map((x) => x.label)).toEqual(['a', 'b', 'default', 'mine']);
  });

  it('with auth: a member sees only their projects with the role, never other known ones', () => {
    const user = {
      user_id: 'u',
      name: 'alice',
      is_admin: false,
      created_at: 0,
      projects: [
        { project_id: 'p2', role: 'reader' as const },
        { project_id: 'p1', role: 'member' as const },
      ],
    };
    const o = switcherOptions({ user, current: 'p1', known: ['p1', 'p2', 'p9'], fallback: 'default' });
    expect(o.map((x) => x.label)).toEqual(['p1 (member)', 'p2 (reader)']);
  });

  it('with auth: a global admin also sees every project with data', () => {
    const admin = { user_id: 'u', name: 'admin', is_admin: true, created_at: 0, projects: [] };
    const o = switcherOptions({ user: admin, current: 'default', known: ['p9'], fallback: 'default' });
    expect(o.map((x) => x.id)).toEqual(['default', 'p9']);
  });
});
