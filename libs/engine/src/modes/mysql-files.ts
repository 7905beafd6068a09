import { rmSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentError } from '../errors.js';
import { onAbort } from '../hooks/abort-cleanup.js';
import { flushKernelBuffers } from '../hooks/flush.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import { createLvmSnapshot, type MountedSnapshot } from '../snapshot/lvm.js';
import type { PreparedSource } from './mode.js';
import { mysqlClient, mysqlConnection } from './mysql-client.js';
import { copyConsistently, innodbProbe } from './innodb-checkpoint.js';
import { MysqlSession } from './mysql-session.js';
import { copyTree } from './tree-copy.js';

/** InnoDB redo log and Aria logs: copied last, so they cover every page written during the copy. */
const isServerLog = (name: string): boolean => /^(ib_logfile\d+|aria_log[._].*)$/.test(name);

/**
 * Method (a), the seed's: FLUSH TABLES WITH READ LOCK, then — while writes are blocked — an LVM
 * snapshot (with --snapshot) or a copy of the data directory into a private temp directory (taken again
 * if InnoDB checkpointed while it ran), then
 * UNLOCK TABLES. The lock is held only for the snapshot or copy, not for the (slow) upload. The backup
 * reads the snapshot or the copy; `release` removes it, also when the backup failed.
 */
export async function prepareMysqlFiles(o: AgentOptions, log: Logger): Promise<PreparedSource> {
  const path = o.pathToBackup as string;
  const conn = mysqlConnection(o);
  const session = MysqlSession.open(mysqlClient(), conn);
  let snapshot: MountedSnapshot | undefined;
  let work: string | undefined;
  const unregister = onAbort(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
  try {
    const [datadir = ''] = await session.query('SELECT @@datadir');
    const [mine, theirs] = await Promise.all([realpath(path), realpath(datadir).catch(() => datadir)]);
    if (mine.replace(/\/$/, '') !== theirs.replace(/\/$/, ''))
      log.warn(`mysql: --path-to-backup ${path} is not the server's data directory (${datadir})`);
    await session.query('FLUSH TABLES WITH READ LOCK');
    log.info('mysql: FLUSH TABLES WITH READ LOCK held');
    flushKernelBuffers(log);
    if (o.modes.snapshot) {
      snapshot = await createLvmSnapshot(o.modes.lvm, path, log);
    } else {
      work = await mkdtemp(join(tmpdir(), 'freezer-mysql-'));
      const into = join(work, 'data');
      const bytes = await copyConsistently(
        innodbProbe(mysqlClient(), conn),
        () => copyTree(path, into, isServerLog),
        () => rm(into, { recursive: true, force: true }),
        log,
      );
      log.info(`mysql: consistent copy of ${path} taken (${bytes} bytes)`);
    }
  } catch (err) {
    if (work) await rm(work, { recursive: true, force: true });
    unregister();
    await session.close();
    throw err instanceof AgentError ? err : new AgentError(`mysql: ${(err as Error).message}`);
  }
  // Writers wait only while the snapshot or copy is taken.
  await session.query('UNLOCK TABLES').catch((err: Error) => log.warn(err.message));
  await session.close();
  log.info('mysql: tables unlocked');
  const taken = snapshot;
  return {
    source: { kind: 'path', path: taken ? taken.path : join(work as string, 'data') },
    verify: taken ? () => taken.check() : undefined,
    async release() {
      if (taken) await taken.remove();
      if (work) await rm(work, { recursive: true, force: true });
      unregister();
    },
  };
}
