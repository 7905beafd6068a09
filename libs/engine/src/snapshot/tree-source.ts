import { flushKernelBuffers } from '../hooks/flush.js';
import type { Logger } from '../logger.js';
import type { PreparedSource } from '../modes/mode.js';
import type { AgentOptions } from '../agent-options.js';
import { createLvmSnapshot } from './lvm.js';

/**
 * The file tree of --path-to-backup as the backup should read it: the live tree, or with --snapshot
 * the same path inside a read-only LVM snapshot taken after `sync`. `release` removes the snapshot;
 * `verify` fails the backup (before its metadata is written) when the snapshot overflowed meanwhile.
 */
export async function treeSource(o: AgentOptions, log: Logger): Promise<PreparedSource> {
  const path = o.pathToBackup as string;
  if (!o.modes.snapshot) return { source: { kind: 'path', path }, release: () => Promise.resolve() };
  flushKernelBuffers(log);
  const snapshot = await createLvmSnapshot(o.modes.lvm, path, log);
  return {
    source: { kind: 'path', path: snapshot.path },
    verify: () => snapshot.check(),
    release: () => snapshot.remove(),
  };
}
