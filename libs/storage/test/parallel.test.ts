import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMultipleStorage, openStorage, StorageError, type BackupStorage } from '../src/index.js';
import { fromArray, makeSegments, readAll, sha256, tempDir } from './helpers.js';
import { startSshd, type SshdServer, startSwift, type SwiftServer } from '@freezer/testkit';

const MIB = 1024 * 1024;

describe('parallel upload to local + ssh + s3 (real sshd, real Swift s3api)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sshd: SshdServer;
  let swift: SwiftServer;
  let parts: { name: string; storage: BackupStorage }[];
  const remoteDir = `/home/fzstoragetest/p-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dir = await tempDir('parallel');
    [sshd, swift] = await Promise.all([startSshd(), startSwift()]);
    parts = [
      { name: 'disk', storage: await openStorage({ type: 'local', container: `${dir.path}/repo` }) },
      {
        name: 'offsite',
        storage: await openStorage({
          type: 'ssh',
          container: remoteDir,
          host: sshd.host,
          port: sshd.port,
          username: sshd.username,
          keyPath: sshd.clientKeyPath,
          knownHostsPath: await sshd.knownHosts(),
        }),
      },
      {
        name: 'objects',
        storage: await openStorage({
          type: 's3',
          container: `fz-par-${randomBytes(3).toString('hex')}`,
          endpoint: swift.endpoint,
          accessKey: swift.user,
          secretKey: swift.key,
        }),
      },
    ];
  });
  afterAll(async () => {
    for (const p of parts ?? []) await p.storage.close();
    await sshd?.cleanup();
    await swift?.cleanup();
    await dir?.cleanup();
    await rm(remoteDir, { recursive: true, force: true });
  });

  it('stores identical copies on all three and restores from any', async () => {
    const multi = openMultipleStorage(parts);
    const segs = makeSegments(4, 5 * MIB);
    expect(await multi.putSegmented('data/tar/h_n/1/0_1/data', fromArray(segs))).toEqual({
      bytes: 20 * MIB,
      segments: 4,
    });
    await multi.putObject(
      'metadata/tar/h_n/1/0_1/metadata',
      new TextEncoder().encode('{"engine_name":"tar"}'),
    );
    for (const p of parts) {
      expect(sha256(await readAll(p.storage.getSegmented('data/tar/h_n/1/0_1/data')))).toBe(sha256(segs));
      expect(await p.storage.list('')).toEqual([
        { path: 'data/tar/h_n/1/0_1/data', size: 20 * MIB },
        { path: 'metadata/tar/h_n/1/0_1/metadata', size: 21 },
      ]);
    }
  });

  it('fails the whole upload naming the storage that is down, with nothing complete anywhere', async () => {
    await sshd.stop();
    const multi = openMultipleStorage(parts);
    const err = await multi
      .putSegmented('data/tar/h_n/1/1_2/data', fromArray(makeSegments(3, 5 * MIB)))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^storage 'offsite': /);
    await sshd.start();
    for (const p of parts) expect(await p.storage.list('data/tar/h_n/1/1_2')).toEqual([]);
  });
});
