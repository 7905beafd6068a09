import type { UserDoc } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { allowedRoles, defaultRole, toTokenCreate, tokenProjects, validateTokenForm } from './token-form';

const user = (is_admin: boolean, projects: UserDoc['projects']): UserDoc => ({
  user_id: 'u',
  name: 'n',
  is_admin,
  projects,
  created_at: 0,
});
const rita = user(false, [
  { project_id: 'p2', role: 'reader' },
  { project_id: 'p1', role: 'member' },
]);
const form = { name: 'script', project: 'p1', role: 'member' as const, clientId: '', expiresInDays: '' };

describe('token form', () => {
  it('offers only roles up to the user’s own in the chosen project', () => {
    expect(allowedRoles(rita, 'p1')).toEqual(['member', 'reader']);
    expect(allowedRoles(rita, 'p2')).toEqual(['reader']);
    expect(allowedRoles(rita, 'p3')).toEqual([]);
    expect(allowedRoles(user(true, []), 'any')).toEqual(['admin', 'member', 'reader']);
    expect(defaultRole(['reader'])).toBe('reader');
    expect(defaultRole(['admin', 'member', 'reader'])).toBe('member');
  });

  it('lists a member’s own projects, and for an admin also the current and known ones', () => {
    expect(tokenProjects(rita, 'default', ['x'])).toEqual(['p1', 'p2']);
    expect(tokenProjects(user(true, [{ project_id: 'a', role: 'admin' }]), 'cur', ['b'])).toEqual([
      'a',
      'b',
      'cur',
    ]);
  });

  it('refuses an empty name, a role above the user’s and a bad expiry, with one message each', () => {
    const errors = validateTokenForm(
      { ...form, name: ' ', project: 'p2', expiresInDays: '0' },
      allowedRoles(rita, 'p2'),
    );
    expect(errors).toEqual({
      name: 'Give the token a name, e.g. the host or script that uses it.',
      role: 'You cannot give a member token in p2.',
      expiresInDays: 'A whole number of days from 1 to 3650, or empty for no expiry.',
    });
    expect(validateTokenForm(form, allowedRoles(rita, 'p1'))).toEqual({});
  });

  it('sends only the fields that are set, trimmed', () => {
    expect(toTokenCreate({ ...form, name: ' s ' })).toEqual({ name: 's', project_id: 'p1', role: 'member' });
    expect(toTokenCreate({ ...form, clientId: ' node1 ', expiresInDays: '30' })).toEqual({
      name: 'script',
      project_id: 'p1',
      role: 'member',
      client_id: 'node1',
      expires_in_days: 30,
    });
  });
});
