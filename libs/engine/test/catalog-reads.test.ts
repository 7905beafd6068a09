import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, startSwift, type SshdServer, type SwiftServer } from '@freezer/testkit';
import { runBackup, runRestore } from './run-cli.js';

const MIB = 1024 * 1024;
const FILES = 40;

interface RestoreReport {
  bytes_read_from_storage: number;
  files: number;
}

/** 40 files of 1 MiB of random bytes (incompressible: stored size ≈ tree size) in 4 folders. */
function makeBigTree(src: string): void {
  for (let i = 0; i < FILES; i++) {
    const folder = join(src, `part-${i % 4}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file-${i}.bin`), randomBytes(MIB));
  }
}

function storedBytes(root: string): number {
  let total = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'data')
      total += readFileSync(join(entry.parentPath, entry.name)).length;
  }
  return total;
}

async function backupAndRestoreOne(
  storageArgs: string[],
  dir: string,
  pass: string,
  segmentSize = '4M',
): Promise<{
  report: RestoreReport;
  stderr: string;
  out: string;
}> {
  const src = join(dir, 'src');
  makeBigTree(src);
  const common = [...storageArgs, '--hostname', 'big', '-N', 'reads', '--encrypt-pass-file', pass];
  const b = await runBackup(src, common, '-M', segmentSize);
  expect(b.stderr).toBe('');
  expect(b.code).toBe(0);
  const out = join(dir, 'out');
  const r = await runRestore(
    common,
    out,
    '--restore-paths',
    'part-1/file-17.bin',
    '--metadata-out',
    '-',
    '--debug',
  );
  expect(r.code).toBe(0);
  expect(readdirSync(out)).toEqual(['part-1']);
  expect(readdirSync(join(out, 'part-1'))).toEqual(['file-17.bin']);
  expect(
    readFileSync(join(out, 'part-1/file-17.bin')).equals(readFileSync(join(src, 'part-1/file-17.bin'))),
  ).toBe(true);
  return { report: JSON.parse(r.stdout) as RestoreReport, stderr: r.stderr, out };
}

describe('selection restore reads only the units that hold the selection', () => {
  it('local storage: one 1 MiB file of a 40 MiB backup reads under 10 % of the stored bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-reads-'));
    const pass = join(dir, 'pass');
    writeFileSync(pass, 'reads\n');
    const repo = join(dir, 'repo');
    const { report, stderr } = await backupAndRestoreOne(['-C', repo], dir, pass);
    const stored = storedBytes(repo);
    expect(stored).toBeGreaterThan(FILES * MIB);
    expect(report.files).toBe(1);
    expect(report.bytes_read_from_storage).toBeLessThan(stored * 0.1);
    expect(stderr).toContain(`restore read ${report.bytes_read_from_storage} bytes`);

    // A whole restore reads everything: the counter is not a constant.
    const whole = await runRestore(
      ['-C', repo, '--hostname', 'big', '-N', 'reads', '--encrypt-pass-file', pass],
      join(dir, 'whole'),
      '--metadata-out',
      '-',
    );
    expect(whole.code).toBe(0);
    expect((JSON.parse(whole.stdout) as RestoreReport).bytes_read_from_storage).toBeGreaterThan(stored);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  describe('ssh storage (real OpenSSH sshd, ranged sftp reads)', () => {
    let sshd: SshdServer;
    let knownHosts: string;
    const remote = `/home/fzstoragetest/catalog-${process.pid}-${Date.now()}`;

    beforeAll(async () => {
      sshd = await startSshd();
      knownHosts = await sshd.knownHosts();
    }, 60_000);
    afterAll(async () => {
      await sshd?.cleanup();
      rmSync(remote, { recursive: true, force: true });
    });

    it('restores one file of a 40 MiB backup reading under 10 % of it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fz-reads-ssh-'));
      const pass = join(dir, 'pass');
      writeFileSync(pass, 'reads over ssh\n');
      const ssh = [
        '--storage',
        'ssh',
        '-C',
        remote,
        '--ssh-host',
        sshd.host,
        '--ssh-port',
        String(sshd.port),
        '--ssh-username',
        sshd.username,
        '--ssh-key',
        sshd.clientKeyPath,
        '--ssh-known-hosts',
        knownHosts,
      ];
      const { report } = await backupAndRestoreOne(ssh, dir, pass);
      expect(report.files).toBe(1);
      expect(report.bytes_read_from_storage).toBeGreaterThan(0);
      expect(report.bytes_read_from_storage).toBeLessThan(FILES * MIB * 0.1);
      rmSync(dir, { recursive: true, force: true });
    }, 120_000);
  });

  describe('s3 storage (real Swift with s3api, HTTP Range reads)', () => {
    let swift: SwiftServer;

    beforeAll(async () => {
      swift = await startSwift();
    }, 120_000);
    afterAll(async () => {
      await swift?.cleanup();
    });

    it('restores one file of a 40 MiB backup reading under 10 % of it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fz-reads-s3-'));
      const pass = join(dir, 'pass');
      writeFileSync(pass, 'reads over s3\n');
      const s3 = [
        '--storage',
        's3',
        '-C',
        `catalog-${process.pid}`,
        '--endpoint',
        swift.endpoint,
        '--access-key',
        swift.user,
        '--secret-key',
        swift.key,
      ];
      // S3 parts must be at least 5 MiB: 8 MiB segments.
      const { report } = await backupAndRestoreOne(s3, dir, pass, '8M');
      expect(report.files).toBe(1);
      expect(report.bytes_read_from_storage).toBeGreaterThan(0);
      expect(report.bytes_read_from_storage).toBeLessThan(FILES * MIB * 0.1);
      rmSync(dir, { recursive: true, force: true });
    }, 180_000);
  });
});
