import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, StorageError, type BackupStorage } from '../src/index.js';
import { fromArray, makeSegments, readAll, sha256, tempDir } from './helpers.js';
import { startKeystoneStub, type KeystoneStub, startSwift, type SwiftServer } from '@freezer/testkit';
import { storageContract } from './storage-contract.js';

describe('swift storage against a real Swift (tempauth)', () => {
  let swift: SwiftServer;
  let storage: BackupStorage;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const container = `t${randomBytes(4).toString('hex')}`;
  let env: NodeJS.ProcessEnv;

  const swiftGet = async (path: string): Promise<Response> => {
    const auth = await fetch(swift.authUrl, {
      headers: { 'X-Auth-User': swift.user, 'X-Auth-Key': swift.key },
    });
    return fetch(`${auth.headers.get('x-storage-url')}/${path}`, {
      headers: { 'X-Auth-Token': auth.headers.get('x-auth-token')! },
    });
  };

  beforeAll(async () => {
    swift = await startSwift();
    dir = await tempDir('swift');
    env = { ST_AUTH: swift.authUrl, ST_USER: swift.user, ST_KEY: swift.key };
    storage = await openStorage({ type: 'swift', container }, undefined, env);
  });
  afterAll(async () => {
    await storage?.close();
    await swift?.cleanup();
    await dir?.cleanup();
  });

  storageContract(() => storage, { segmentSize: 256 * 1024, prefix: 'data/tar/h1_b' });

  it('adds the freezer_ prefix and writes segments plus a DLO manifest as the stock agent does', async () => {
    expect(storage.name).toContain(`freezer_${container}`);
    const segs = makeSegments(3, 1000);
    await storage.putSegmented('data/tar/h1_s/7/0_7/data', fromArray(segs));
    const listing = await swiftGet(`freezer_${container}?prefix=data/tar/h1_s/`);
    expect((await listing.text()).trim().split('\n')).toEqual([
      'data/tar/h1_s/7/0_7/data',
      'data/tar/h1_s/7/0_7/segments/00000000',
      'data/tar/h1_s/7/0_7/segments/00000001',
      'data/tar/h1_s/7/0_7/segments/00000002',
    ]);
    const manifest = await swiftGet(`freezer_${container}/data/tar/h1_s/7/0_7/data`);
    expect(manifest.headers.get('x-object-manifest')).toBe(
      `freezer_${container}/data/tar/h1_s/7/0_7/segments/`,
    );
    expect(sha256([new Uint8Array(await manifest.arrayBuffer())])).toBe(sha256(segs));
    await storage.remove('data/tar/h1_s/7/0_7/data');
    const after = await swiftGet(`freezer_${container}?prefix=data/tar/h1_s/`);
    expect(after.status).toBe(204);
  });

  it('deletes segments without a manifest in the same backup name before the next upload', async () => {
    const orphans = await openStorage({ type: 'swift', container }, undefined, env);
    // a run that died after two segments: its segments exist, its manifest never did
    async function* dies(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(1000);
      yield new Uint8Array(1000);
      await swift.stop();
      yield new Uint8Array(1000);
    }
    await expect(orphans.putSegmented('data/tar/h1_o/5/0_5/data', dies())).rejects.toThrow(StorageError);
    await swift.start();
    const names = async (): Promise<string[]> =>
      (await (await swiftGet(`freezer_${container}?prefix=data/tar/h1_o/`)).text()).trim().split('\n');
    expect(await names()).toEqual([
      'data/tar/h1_o/5/0_5/segments/00000000',
      'data/tar/h1_o/5/0_5/segments/00000001',
    ]);
    await orphans.putSegmented('data/tar/h1_o/6/0_6/data', fromArray(makeSegments(1, 1000)));
    expect(await names()).toEqual(['data/tar/h1_o/6/0_6/data', 'data/tar/h1_o/6/0_6/segments/00000000']);
    await orphans.remove('data/tar/h1_o');
  });

  it('keeps a container that already has the prefix as it is', async () => {
    const s = await openStorage({ type: 'swift', container: `freezer_${container}` }, undefined, env);
    expect(s.name).toBe(storage.name);
  });

  it('reports wrong v1 credentials as an auth error', async () => {
    const err = await openStorage({ type: 'swift', container }, undefined, { ...env, ST_KEY: 'wrong' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('auth');
    expect((err as Error).message).toContain("rejected user 'test:tester'");
  });

  it('names the missing credentials', async () => {
    const err = await openStorage({ type: 'swift', container }, undefined, {}).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('config');
    expect((err as Error).message).toContain('OS_AUTH_URL');
  });

  describe('Keystone v3 password auth (OS_* variables and osrc file)', () => {
    let keystone: KeystoneStub;
    beforeAll(async () => {
      const auth = await fetch(swift.authUrl, {
        headers: { 'X-Auth-User': swift.user, 'X-Auth-Key': swift.key },
      });
      keystone = await startKeystoneStub({
        user: 'backup',
        password: 's3cret',
        project: 'ops',
        storageUrl: auth.headers.get('x-storage-url')!,
        swiftToken: auth.headers.get('x-auth-token')!,
      });
    });
    afterAll(async () => keystone?.stop());

    it('authenticates from OS_* variables and uses the catalog endpoint', async () => {
      const s = await openStorage({ type: 'swift', container }, undefined, {
        OS_AUTH_URL: keystone.authUrl,
        OS_USERNAME: 'backup',
        OS_PASSWORD: 's3cret',
        OS_PROJECT_NAME: 'ops',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      });
      await s.putObject('ks/metadata', new Uint8Array([4, 2]));
      expect(await storage.getObject('ks/metadata')).toEqual(new Uint8Array([4, 2]));
    });

    it('authenticates from an osrc file (seed format) and rejects a wrong password', async () => {
      const osrc = `${dir.path}/osrc`;
      await writeFile(
        osrc,
        [
          'unset OS_DOMAIN_NAME',
          `export OS_AUTH_URL=${keystone.authUrl}`,
          'export OS_PROJECT_NAME=ops',
          'export OS_USERNAME=backup',
          "export OS_PASSWORD='s3cret'",
          'export OS_PROJECT_DOMAIN_NAME=Default',
          'export OS_USER_DOMAIN_NAME=Default',
          'export OS_IDENTITY_API_VERSION=3',
          'export OS_ENDPOINT_TYPE=internalURL',
          '',
        ].join('\n'),
      );
      const s = await openStorage({ type: 'swift', container, osrc }, undefined, {});
      expect(await s.getObject('ks/metadata')).toEqual(new Uint8Array([4, 2]));
      const err = await openStorage(
        { type: 'swift', container, osrc, password: 'nope' },
        undefined,
        {},
      ).catch((e: unknown) => e);
      expect((err as StorageError).code).toBe('auth');
    });

    it('logs in with domain ids and a region, and names a region the catalog lacks', async () => {
      const ids = {
        OS_AUTH_URL: keystone.authUrl,
        OS_USERNAME: 'backup',
        OS_PASSWORD: 's3cret',
        OS_PROJECT_NAME: 'ops',
        OS_USER_DOMAIN_ID: 'default',
        OS_PROJECT_DOMAIN_ID: 'default',
        OS_REGION_NAME: 'RegionOne',
      };
      const s = await openStorage({ type: 'swift', container }, undefined, ids);
      expect(await s.getObject('ks/metadata')).toEqual(new Uint8Array([4, 2]));
      expect(keystone.lastDomains).toEqual({ user: { id: 'default' }, project: { id: 'default' } });
      const err = await openStorage({ type: 'swift', container }, undefined, {
        ...ids,
        OS_REGION_NAME: 'RegionTwo',
      }).catch((e: unknown) => e);
      expect((err as StorageError).code).toBe('config');
      expect((err as Error).message).toMatch(
        /^[^\n]*: the Keystone catalog has no object-store endpoint for interface 'public' in region RegionTwo$/,
      );
    });
  });

  it('fails cleanly when Swift stops mid-upload and works again after it returns', async () => {
    const segs = makeSegments(5, 256 * 1024);
    async function* dyingServer(): AsyncIterable<Uint8Array> {
      yield segs[0]!;
      yield segs[1]!;
      await swift.stop();
      for (const s of segs.slice(2)) yield s;
    }
    const err = await storage.putSegmented('fault/0_1/data', dyingServer()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toContain('Swift not reachable');
    await swift.start();
    expect(await storage.list('fault')).toEqual([]);
    await storage.putSegmented('fault/0_2/data', fromArray(segs));
    expect(sha256(await readAll(storage.getSegmented('fault/0_2/data')))).toBe(sha256(segs));
    expect(await storage.list('fault')).toEqual([{ path: 'fault/0_2/data', size: 5 * 256 * 1024 }]);
  });
});
