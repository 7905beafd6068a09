import { describe, expect, it } from 'vitest';
import {
  catalogEndpoint,
  catalogRecords,
  identityV3,
  mapKeystoneRoles,
  type CatalogEntry,
} from '../src/index.js';

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

describe("an endpoint from a token's catalog", () => {
  const catalog: CatalogEntry[] = [
    { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'http://k/v3' }] },
    {
      type: 'object-store',
      endpoints: [
        { interface: 'public', region_id: 'RegionOne', url: 'http://swift-one/v1/AUTH_p/' },
        { interface: 'internal', region_id: 'RegionOne', url: 'http://swift-one-internal/v1/AUTH_p' },
      ],
    },
    // A second entry of the same type (a second Swift): its endpoints count too.
    {
      type: 'object-store',
      endpoints: [{ interface: 'public', region: 'RegionTwo', url: 'http://swift-two' }],
    },
  ];

  it('matches type, interface and region (by id or by the older name field), without a trailing slash', () => {
    expect(catalogEndpoint(catalog, 'object-store', 'public')).toBe('http://swift-one/v1/AUTH_p');
    expect(catalogEndpoint(catalog, 'object-store', 'internal')).toBe('http://swift-one-internal/v1/AUTH_p');
    expect(catalogEndpoint(catalog, 'object-store', 'public', 'RegionTwo')).toBe('http://swift-two');
    expect(catalogEndpoint(catalog, 'object-store', 'admin')).toBeUndefined();
    expect(catalogEndpoint(catalog, 'object-store', 'internal', 'RegionTwo')).toBeUndefined();
    expect(catalogEndpoint(catalog, 'image', 'public')).toBeUndefined();
  });
});
