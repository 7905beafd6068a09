import { chmodSync, chownSync, utimesSync } from 'node:fs';
import { lchown, link, lstat, lutimes, mkdir, rm, symlink } from 'node:fs/promises';
import { AgentError } from '../../errors.js';
import type { ManifestEntry } from './entry.js';
import { under } from './safe-path.js';

const asRoot = process.getuid?.() === 0;
const seconds = (ns: bigint): number => Number(ns / 1000n) / 1e6;

/**
 * Makes `rel` a real directory under `target`, each component checked: with --overwrite a symlink or
 * file in the way is replaced, so nothing restored is ever written through a link that was already there.
 */
export async function ensureRealDir(target: string, rel: Buffer, made: Set<string>): Promise<void> {
  const parts = rel.length === 0 ? [] : rel.toString('latin1').split('/');
  let sofar = '';
  for (const part of parts) {
    sofar = sofar ? `${sofar}/${part}` : part;
    if (made.has(sofar)) continue;
    const abs = under(target, Buffer.from(sofar, 'latin1'));
    const st = await lstat(abs).catch(() => undefined);
    if (st && !st.isDirectory()) await rm(abs, { recursive: true, force: true });
    if (!st || !st.isDirectory()) await mkdir(abs, { mode: 0o700 });
    made.add(sofar);
  }
}

/** Mode, owner (as root, like tar) and times of a restored file or directory (in place: see file-writer). */
export function applyAttributes(target: string, e: ManifestEntry): Promise<void> {
  const abs = under(target, e.path);
  try {
    if (asRoot) chownSync(abs, e.uid, e.gid);
    chmodSync(abs, e.mode);
    utimesSync(abs, seconds(e.mtimeNs), seconds(e.mtimeNs));
  } catch (err) {
    return Promise.reject(err as Error);
  }
  return Promise.resolve();
}

export async function makeHardlink(target: string, e: ManifestEntry): Promise<void> {
  const abs = under(target, e.path);
  await rm(abs, { force: true, recursive: true });
  await link(under(target, e.link as Buffer), abs);
}

export async function makeSymlink(target: string, e: ManifestEntry): Promise<void> {
  const abs = under(target, e.path);
  const existing = await lstat(abs).catch(() => undefined);
  if (existing?.isDirectory())
    throw new AgentError(`cannot restore symlink "${e.path.toString()}": a directory is in its place`);
  if (existing) await rm(abs, { force: true });
  await symlink(e.link as Buffer, abs);
  if (asRoot) await lchown(abs, e.uid, e.gid);
  await lutimes(abs, seconds(e.mtimeNs), seconds(e.mtimeNs));
}
