import { describe, expect, it } from 'vitest';
import { catalogRecords, identityV3, mapKeystoneRoles } from '../src/index.js';

describe("Keystone's roles onto ours", () => {
  it('takes the highest known role and ignores the rest', () => {
    expect(mapKeystoneRoles(['reader', 'member'])).toBe('member');
    expect(mapKeystoneRoles(['member', 'admin', 'service'])).toBe('admin');
    expect(mapKeystoneRoles(['_member_'])).toBe('member');
    expect(mapKeystoneRoles(['Reader'])).toBe('reader');
    expect(mapKeystoneRoles(['service', 'heat_stack_owner'])).toBeUndefined();
    expect(mapKeystoneRoles([])).toBeUndefined();
  });
});

describe('catalog records', () => {
  it('registers service type backup with three endpoints', () => {
    const r = catalogRecords({ publicUrl: 'https://backup.example.org', region: 'RegionOne' });
    expect(r.service).toEqual({ type: 'backup', name: 'freezer', description: 'Backup Service' });
    expect(r.endpoints.map((e) => e.interface)).toEqual(['public', 'internal', 'admin']);
    expect(r.commands[0]).toBe(
      "openstack service create --name freezer --description 'Backup Service' backup",
    );
    expect(r.commands[1]).toBe(
      "openstack endpoint create --region 'RegionOne' backup public 'https://backup.example.org'",
    );
  });

  it('normalises the auth URL to its /v3 form', () => {
    expect(identityV3('http://k:5000')).toBe('http://k:5000/v3');
    expect(identityV3('http://k:5000/v3/')).toBe('http://k:5000/v3');
  });
});
