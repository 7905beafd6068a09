import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AgentError } from '../errors.js';
import { onAbort } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';
import type { LvmOptions } from '../modes/mode-options.js';
import { runCommand } from '../modes/child-stream.js';
import { findProgram } from '../modes/programs.js';
import { checkSnapSize, parseSnapSize } from './lvm-size.js';
import { lvmGuess, mountPointOf } from './lvm-guess.js';

export const DEFAULT_MOUNT_BASE = '/var/lib/freezer';

export interface MountedSnapshot {
  /** Where --path-to-backup is inside the mounted snapshot. */
  path: string;
  device: string;
  /** Fails when the snapshot overflowed (it is invalid then): call after reading, before keeping the backup. */
  check(): Promise<void>;
  /** Unmounts and removes the snapshot (idempotent); also run on SIGINT/SIGTERM/SIGHUP. */
  remove(): Promise<void>;
}

const PACKAGE_OF: Record<string, string> = { mount: 'mount', umount: 'mount', blkid: 'util-linux' };
const tool = (name: string): string => findProgram([name], PACKAGE_OF[name] ?? 'lvm2');
const lvm = (name: string, args: string[]): Promise<string> =>
  runCommand({ command: tool(name), args, what: name });
const bytesOf = (text: string): number => Number(text.trim().split(/\s+/)[0] ?? 'NaN');

/**
 * The seed's LVM flow: lvcreate --snapshot of the volume holding --path-to-backup, mount it
 * read-only, hand back the path inside it; remove() unmounts (lazily if busy) and lvremoves it.
 * The caller syncs (and freezes its database) before. On any failure after lvcreate the snapshot
 * is removed again before the error propagates.
 */
export async function createLvmSnapshot(
  o: LvmOptions,
  pathToBackup: string,
  log: Logger,
): Promise<MountedSnapshot> {
  let mountPoint: string;
  try {
    mountPoint = mountPointOf(pathToBackup);
  } catch (err) {
    throw new AgentError(
      `--path-to-backup ${pathToBackup}: ${(err as NodeJS.ErrnoException).code ?? 'cannot stat'}`,
    );
  }
  let { srcvol, volgroup } = o;
  if (!srcvol || !volgroup) {
    const fromPath = srcvol ? /^\/dev\/([^/]+)\/[^/]+$/.exec(srcvol) : null;
    if (srcvol && fromPath && fromPath[1] !== 'mapper') volgroup = fromPath[1];
    else {
      const guessed = lvmGuess(mountPoint, readFileSync('/proc/mounts', 'utf8'));
      if (!guessed)
        throw new AgentError(
          `${mountPoint} (holding ${pathToBackup}) is not an LVM volume: give --lvm-srcvol and --lvm-volgroup`,
        );
      srcvol ??= guessed.srcvol;
      volgroup ??= guessed.volgroup;
    }
  }
  const size = parseSnapSize(o.snapsize);
  const originText = await lvm('lvs', [
    '--noheadings',
    '--nosuffix',
    '--units',
    'b',
    '-o',
    'lv_size',
    srcvol,
  ]);
  const vgText = await lvm('vgs', [
    '--noheadings',
    '--nosuffix',
    '--units',
    'b',
    '-o',
    'vg_free,vg_size',
    volgroup as string,
  ]);
  const [vgFree, vgSize] = vgText.trim().split(/\s+/).map(Number);
  checkSnapSize(size, {
    originBytes: bytesOf(originText),
    vgFreeBytes: vgFree ?? 0,
    vgSizeBytes: vgSize ?? 0,
  });

  const id = randomBytes(8).toString('hex');
  const snapname = o.snapname ?? `freezer_backup_snap_${id}`;
  const device = `/dev/${volgroup}/${snapname}`;
  const dirmount = o.dirmount ?? join(DEFAULT_MOUNT_BASE, `mount_${id}`);
  const createdDir = (await mkdir(dirmount, { recursive: true })) !== undefined;
  let created = false;
  let mounted = false;

  // Synchronous twin of remove(), for the abort handler (no event loop turns left there).
  const removeSync = (): void => {
    if (mounted) spawnSync(tool('umount'), ['-l', dirmount], { stdio: 'ignore' });
    if (created) spawnSync(tool('lvremove'), ['-f', device], { stdio: 'ignore' });
    if (createdDir) spawnSync('rmdir', [dirmount], { stdio: 'ignore' });
  };
  const unregister = onAbort(removeSync);
  const remove = async (): Promise<void> => {
    const problems: string[] = [];
    if (mounted) {
      await lvm('umount', [dirmount]).catch(async () => {
        log.warn(`umount ${dirmount} busy: detaching lazily`);
        await lvm('umount', ['-l', dirmount]).catch((err: Error) => problems.push(err.message));
      });
      mounted = false;
    }
    if (created) {
      await removeVolume(device).catch((err: Error) => problems.push(err.message));
      created = false;
    }
    if (createdDir) await rmdir(dirmount).catch(() => undefined);
    unregister();
    if (problems.length) throw new AgentError(`LVM snapshot cleanup: ${problems.join('; ')}`);
    log.info(`snapshot ${device} unmounted and removed`);
  };

  try {
    await lvm('lvcreate', [
      size.kind === 'size' ? '--size' : '--extents',
      size.kind === 'size' ? `${size.bytes}b` : size.arg,
      '--snapshot',
      '--permission',
      o.perm === 'ro' ? 'r' : 'rw',
      '--name',
      snapname,
      srcvol,
    ]);
    created = true;
    log.info(`snapshot ${device} of ${srcvol} created (${o.snapsize})`);
    const fstype = (await lvm('blkid', ['-o', 'value', '-s', 'TYPE', device]).catch(() => '')).trim();
    await lvm('mount', ['-o', mountOptions(fstype, o.perm), device, dirmount]);
    mounted = true;
    log.info(`snapshot mounted read-only on ${dirmount}`);
  } catch (err) {
    await remove().catch(() => undefined);
    throw err;
  }
  return {
    path: join(dirmount, relative(mountPoint, pathToBackup)),
    device,
    async check() {
      // A snapshot that overflowed during the backup is invalid: what was read from it is not a
      // point-in-time copy, so the backup must fail rather than be kept.
      const state = await snapshotState(device);
      if (state.invalid)
        throw new AgentError(
          `snapshot ${device} filled up during the backup (${state.percent}%): the backup is not consistent; give a larger --lvm-snapsize`,
        );
    },
    remove,
  };
}

/**
 * Always mounted read-only. A snapshot of a mounted journalled file system needs log recovery: with a
 * read-only LV (--lvm-snap-perm ro, the default) the kernel cannot replay it, so ext3/4 get `noload`
 * and XFS `norecovery` (the file system was frozen by lvcreate, so nothing is lost); XFS also needs
 * `nouuid` because the origin with the same UUID is mounted.
 */
export function mountOptions(fstype: string, perm: 'ro' | 'rw'): string {
  const options = ['ro'];
  if (fstype === 'xfs') options.push('nouuid');
  if (perm === 'ro' && (fstype === 'ext3' || fstype === 'ext4')) options.push('noload');
  if (perm === 'ro' && fstype === 'xfs') options.push('norecovery');
  return options.join(',');
}

async function snapshotState(device: string): Promise<{ invalid: boolean; percent: string }> {
  const out = await lvm('lvs', ['--noheadings', '-o', 'lv_attr,data_percent', device]);
  const [attr = '', percent = '0'] = out.trim().split(/\s+/);
  return { invalid: attr[4] === 'I' || Number(percent) >= 100, percent };
}

/** lvremove, retried while the device is still busy (a lazy unmount takes a moment to let go). */
async function removeVolume(device: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await lvm('lvremove', ['-f', device]);
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }
  throw last;
}
