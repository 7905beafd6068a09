import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { restoreDump } from '../modes/restore-dump.js';
import { readPassphrase } from '../passphrase.js';
import { engineOf, identityOf, type PointId } from '../repository/layout.js';
import { findRestorePoints } from '../repository/point-reader.js';
import type { ProgressSink, RestoreOutcome } from './engine.js';
import { engineNamed } from './registry.js';

/**
 * Restores the chain up to --restore-from-date (or the newest point) with the engine that wrote it;
 * without --engine, the newest point of any engine.
 */
export async function runRestore(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  tty: ProgressSink['tty'],
): Promise<RestoreOutcome> {
  const identity = identityOf(o.hostname, o.backupName as string);
  const points = await findRestorePoints(storage, identity, o.engine, o.restoreFromDate);
  const engine = engineNamed(engineOf(points.at(-1) as PointId));
  const passphrase = await readPassphrase(o.encryptPassFile);
  return engine.restore({
    storage,
    points,
    passphrase,
    target: o.restoreAbsPath,
    overwrite: o.overwrite,
    dryRun: o.dryRun,
    restoreDump: (record, open) => restoreDump(o, record, open, log),
    progress: { tty, quiet: o.quiet },
    log,
  });
}
