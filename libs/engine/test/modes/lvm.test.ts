// --snapshot / --lvm-*: device-mapper is not available in this container, so the LVM tools are the
// recording stand-ins of fake-lvm.ts (the backup still reads real files from the "mounted snapshot").
// Tested: the command sequence, size checks, read-only mount options, and that the snapshot is
// unmounted and removed after success and after every failure.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lvmGuess, mountPointOf } from '../../src/snapshot/lvm-guess.js';
import { checkSnapSize, parseSnapSize } from '../../src/snapshot/lvm-size.js';
import { mountOptions } from '../../src/snapshot/lvm.js';
import { runCli, runInfo, runRestore } from '../run-cli.js';
import { makeFakeLvm, type FakeLvmOptions } from '@freezer/testkit';

const GiB = 1024 ** 3;
let work: string;
let src: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fz-lvm-'));
  src = join(work, 'data');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'alpha\n');
  writeFileSync(join(src, 'sub', 'b.bin'), Buffer.alloc(200_000, 7));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function fake(o: FakeLvmOptions = {}): ReturnType<typeof makeFakeLvm> {
  return makeFakeLvm(work, { source: src, mountPoint: mountPointOf(src), ...o });
}

const snapArgs = (mnt: string, size = '2G'): string[] => [
  '--snapshot',
  '--lvm-srcvol',
  '/dev/vg0/data',
  '--lvm-volgroup',
  'vg0',
  '--lvm-snapname',
  'freezer_snap',
  '--lvm-snapsize',
  size,
  '--lvm-dirmount',
  mnt,
];
const common = (name: string): string[] => [
  '-F',
  src,
  '-C',
  join(work, 'repo'),
  '-N',
  name,
  '--hostname',
  'h',
];

describe('LVM snapshot sequence (recorded stand-ins for the LVM tools)', () => {
  it('sync, size checks, lvcreate, read-only mount, back up from it, check, unmount, lvremove', async () => {
    const lvm = fake();
    const mnt = join(work, 'mnt-ok');
    const r = await lvm.run(() => runCli([...common('snap'), ...snapArgs(mnt), '--metadata-out', '-']));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { path_to_backup: string }).path_to_backup).toBe(src);
    const calls = lvm.calls();
    expect(calls.map((c) => c[0])).toEqual([
      'sync',
      'lvs',
      'vgs',
      'lvcreate',
      'blkid',
      'mount',
      'lvs',
      'umount',
      'lvremove',
    ]);
    expect(calls[3]).toEqual([
      'lvcreate',
      '--size',
      `${2 * GiB}b`,
      '--snapshot',
      '--permission',
      'r',
      '--name',
      'freezer_snap',
      '/dev/vg0/data',
    ]);
    expect(calls[5]).toEqual(['mount', '-o', 'ro,noload', '/dev/vg0/freezer_snap', mnt]);
    expect(calls[8]).toEqual(['lvremove', '-f', '/dev/vg0/freezer_snap']);
    expect(existsSync(mnt)).toBe(false);

    const out = join(work, 'restored-ok');
    const restore = await runRestore(['-C', join(work, 'repo'), '-N', 'snap', '--hostname', 'h'], out);
    expect(restore.code, restore.stderr).toBe(0);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(readFileSync(join(out, 'sub', 'b.bin'))).toEqual(Buffer.alloc(200_000, 7));
  });

  it('refuses a snapshot size too small for the volume before creating anything', async () => {
    const lvm = fake({ originBytes: 200 * GiB });
    const r = await lvm.run(() => runCli([...common('small'), ...snapArgs(join(work, 'mnt-small'), '1G')]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--lvm-snapsize 1G \(1024 MiB\) is too small for a 204800 MiB volume: give at least 2048 MiB/,
    );
    expect(lvm.calls().map((c) => c[0])).toEqual(['sync', 'lvs', 'vgs']);
    expect(existsSync(join(work, 'mnt-small'))).toBe(false);
  });

  it('a failed mount removes the snapshot it created and the mount directory', async () => {
    const lvm = fake({ fail: 'mount' });
    const mnt = join(work, 'mnt-fail');
    const r = await lvm.run(() => runCli([...common('mountfail'), ...snapArgs(mnt)]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^freezer-agent: error: mount failed \(exit 5\): mount: simulated failure\n$/);
    expect(lvm.calls().map((c) => c[0])).toEqual([
      'sync',
      'lvs',
      'vgs',
      'lvcreate',
      'blkid',
      'mount',
      'lvremove',
    ]);
    expect(existsSync(mnt)).toBe(false);
  });

  it('a snapshot that overflowed during the backup fails it: no point is kept, the snapshot is removed', async () => {
    const lvm = fake({ invalid: true });
    const mnt = join(work, 'mnt-full');
    const r = await lvm.run(() => runCli([...common('full'), ...snapArgs(mnt)]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/snapshot \/dev\/vg0\/freezer_snap filled up during the backup \(100.00%\)/);
    expect(
      lvm
        .calls()
        .map((c) => c[0])
        .slice(-2),
    ).toEqual(['umount', 'lvremove']);
    expect(existsSync(mnt)).toBe(false);
    const info = await runInfo(join(work, 'repo'), 'full');
    expect(JSON.parse(info.stdout)).toEqual([]);
  });

  it('a path that is not on LVM, without --lvm-srcvol: one clear line, nothing run but sync', async () => {
    const lvm = fake();
    const r = await lvm.run(() => runCli([...common('nolvm'), '--snapshot']));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not an LVM volume: give --lvm-srcvol and --lvm-volgroup/);
    expect(lvm.calls().map((c) => c[0])).toEqual(['sync']);
  });

  it('--snapshot with a streamed dump mode is a usage error', async () => {
    const r = await runCli(['--mode', 'sqlite', ...common('x'), '--snapshot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--snapshot\/--lvm-\* copy a file tree/);
  });
});

describe('LVM helpers', () => {
  it('snapshot sizes: units, extents, the floor and the free space', () => {
    expect(parseSnapSize('500M')).toEqual({ kind: 'size', bytes: 500 * 1024 ** 2, arg: '500M' });
    expect(parseSnapSize('1.5g')).toMatchObject({ bytes: 1.5 * GiB });
    expect(parseSnapSize('80%FREE')).toMatchObject({ kind: 'extents', percent: 80, of: 'FREE' });
    expect(() => parseSnapSize('lots')).toThrow(/expected e.g. 500M/);
    expect(() => parseSnapSize('0%FREE')).toThrow(/1-100/);
    const facts = { originBytes: 10 * GiB, vgFreeBytes: 5 * GiB, vgSizeBytes: 20 * GiB };
    expect(checkSnapSize(parseSnapSize('1G'), facts)).toBe(GiB);
    expect(checkSnapSize(parseSnapSize('50%FREE'), facts)).toBe(2.5 * GiB);
    expect(() => checkSnapSize(parseSnapSize('32M'), facts)).toThrow(/too small .* at least 102 MiB/);
    expect(() => checkSnapSize(parseSnapSize('6G'), facts)).toThrow(
      /more than the volume group's free space/,
    );
  });

  it('guesses the volume from /proc/mounts, device-mapper names included', () => {
    const mounts = [
      '/dev/mapper/my--vg-my--lv /srv/data ext4 rw 0 0',
      '/dev/vg1/db /var/lib/mysql xfs rw 0 0',
      '/dev/sda1 /boot ext4 rw 0 0',
    ].join('\n');
    expect(lvmGuess('/srv/data', mounts)).toEqual({ volgroup: 'my-vg', srcvol: '/dev/my-vg/my-lv' });
    expect(lvmGuess('/var/lib/mysql', mounts)).toEqual({ volgroup: 'vg1', srcvol: '/dev/vg1/db' });
    expect(lvmGuess('/boot', mounts)).toBeUndefined();
  });

  it('mounts read-only, without journal replay on a read-only snapshot', () => {
    expect(mountOptions('ext4', 'ro')).toBe('ro,noload');
    expect(mountOptions('xfs', 'ro')).toBe('ro,nouuid,norecovery');
    expect(mountOptions('xfs', 'rw')).toBe('ro,nouuid');
    expect(mountOptions('ext4', 'rw')).toBe('ro');
  });
});
