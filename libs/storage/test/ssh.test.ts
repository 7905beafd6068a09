import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, StorageError, type BackupStorage, type SshConfig } from '../src/index.js';
import { fromArray, makeSegments, readAll, sha256 } from './helpers.js';
import { startSshd, type SshdServer } from '@freezer/testkit';
import { storageContract } from './storage-contract.js';

describe('ssh storage against a real OpenSSH sshd', () => {
  let sshd: SshdServer;
  let storage: BackupStorage;
  let cfg: SshConfig;
  const remoteDir = `/home/fzstoragetest/t-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    sshd = await startSshd();
    cfg = {
      type: 'ssh',
      container: `${remoteDir}/repo`,
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      keyPath: sshd.clientKeyPath,
      knownHostsPath: await sshd.knownHosts(),
    };
    storage = await openStorage(cfg);
  });
  afterAll(async () => {
    await storage?.close();
    await sshd?.cleanup();
    await rm(remoteDir, { recursive: true, force: true });
  });

  storageContract(() => storage, { segmentSize: 200 * 1024, prefix: 'data/tar/h1_b' });

  it('keeps the stock layout on the remote host: one plain file per object', async () => {
    await storage.putSegmented('data/tar/h1_l/5/0_5/data', fromArray(makeSegments(2, 1000)));
    expect(await readdir(`${remoteDir}/repo/data/tar/h1_l/5/0_5`)).toEqual(['data']);
  });

  it('accepts a hashed known_hosts entry', async () => {
    const s = await openStorage({ ...cfg, knownHostsPath: await sshd.knownHosts({ hashed: true }) });
    await s.putObject('hashed/ok', new Uint8Array([1]));
    expect(await s.getObject('hashed/ok')).toEqual(new Uint8Array([1]));
    await s.close();
  });

  it('refuses an unknown host key with a clear message', async () => {
    const empty = `${sshd.dir}/known_hosts_empty`;
    await writeFile(empty, '');
    const err = await openStorage({ ...cfg, knownHostsPath: empty }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('host-key');
    expect((err as Error).message).toContain(`host key of [127.0.0.1]:${sshd.port} is unknown`);
  });

  it('refuses a changed host key', async () => {
    const other = `${sshd.dir}/known_hosts_changed`;
    // a different, valid ed25519 key recorded for this host
    const fake = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomBytes(32).toString('base64').slice(0, 43)}`;
    await writeFile(other, `[127.0.0.1]:${sshd.port} ${fake}\n`);
    const err = await openStorage({ ...cfg, knownHostsPath: other }).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('host-key');
    expect((err as Error).message).toContain('has CHANGED');
  });

  it('connects to an unknown host only with the explicit opt-out', async () => {
    const s = await openStorage({ ...cfg, knownHostsPath: `${sshd.dir}/none`, acceptUnknownHostKey: true });
    expect(await s.list('hashed')).toEqual([{ path: 'hashed/ok', size: 1 }]);
    await s.close();
  });

  it('reports a rejected key as an auth error', async () => {
    const wrongKey = `${sshd.dir}/wrong_key`;
    const { run } = await import('@freezer/testkit');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
    const err = await openStorage({ ...cfg, keyPath: wrongKey }).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('auth');
    expect((err as Error).message).toContain("authentication as 'fzstoragetest'");
  });

  it('fails cleanly when the server dies mid-upload and works again once it is back', async () => {
    const segs = makeSegments(6, 512 * 1024);
    async function* dyingServer(): AsyncIterable<Uint8Array> {
      yield segs[0]!;
      yield segs[1]!;
      await sshd.stop();
      for (const s of segs.slice(2)) yield s;
    }
    const err = await storage.putSegmented('fault/0_1/data', dyingServer()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('interrupted');
    expect((err as Error).message).toMatch(/connection lost/);

    const down = await storage.list('fault').catch((e: unknown) => e);
    expect((down as StorageError).code).toBe('unreachable');

    await sshd.start();
    expect(await storage.list('fault')).toEqual([]);
    await storage.putSegmented('fault/0_2/data', fromArray(segs));
    expect(sha256(await readAll(storage.getSegmented('fault/0_2/data')))).toBe(sha256(segs));
    expect((await storage.list('fault')).map((e) => e.path)).toEqual(['fault/0_2/data']);
  });
});
