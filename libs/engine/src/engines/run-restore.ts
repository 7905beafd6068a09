import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { restoreDump } from '../modes/restore-dump.js';
import { readPassphrase } from '../passphrase.js';
import { chainState } from '../repository/chain-catalog.js';
import { CountingStorage } from '../repository/counting-storage.js';
import { engineOf, identityOf, type PointId } from '../repository/layout.js';
import { findRestorePoints, readLevels } from '../repository/point-reader.js';
import { selectEntries } from '../repository/selection.js';
import type { DumpRestorer, ProgressSink, RestoreOutcome } from './engine.js';
import { engineNamed } from './registry.js';

/** A restore's outcome plus what it cost: bytes fetched from the storage, of how many stored. */
export interface RestoreReport extends RestoreOutcome {
  storageBytesRead: number;
  /** Stored bytes of the chain's data (what a whole restore reads). */
  storedBytes: number;
}

/**
 * Restores the chain up to --restore-from-date (or the newest point) with the engine that wrote it;
 * without --engine, the newest point of any engine. With --restore-paths, only the selected entries,
 * found in the chain's catalogs. `dumpRestorer` replaces the mode's restore of a database dump (a
 * drill keeps the dump in its sandbox instead of loading it into a server).
 */
export async function runRestore(
  o: AgentOptions,
  plainStorage: BackupStorage,
  log: Logger,
  progress: ProgressSink,
  dumpRestorer?: DumpRestorer,
): Promise<RestoreReport> {
  const storage = new CountingStorage(plainStorage);
  const identity = identityOf(o.hostname, o.backupName as string);
  const points = await findRestorePoints(storage, identity, o.engine, o.restoreFromDate);
  const engine = engineNamed(engineOf(points.at(-1) as PointId));
  const passphrase = await readPassphrase(o.encryptPassFile);
  let outcome: RestoreOutcome;
  let storedBytes = 0;
  if (o.restorePaths.length > 0) {
    const levels = await readLevels(storage, points, passphrase);
    storedBytes = levels.reduce((sum, l) => sum + (l.record.bytes_stored ?? 0), 0);
    const last = levels.at(-1)?.point as PointId;
    const name = `${identity} ${last.level}_${last.timestamp}`;
    const state = await chainState(
      storage,
      points,
      passphrase,
      levels.map((l) => l.record),
    );
    if (!state)
      throw new AgentError(
        `backup ${name} has no file catalog (made by the stock agent or an older version): restore it whole, without --restore-paths`,
      );
    if (!engine.restoreSelection)
      throw new AgentError(
        `the ${engine.name} engine cannot restore a selection: restore without --restore-paths`,
      );
    if (!o.restoreAbsPath) throw new AgentError('--restore-paths needs --restore-abs-path');
    const entries = selectEntries(state, o.restorePaths);
    outcome = await engine.restoreSelection({
      storage,
      levels,
      passphrase,
      entries,
      state,
      target: o.restoreAbsPath,
      overwrite: o.overwrite,
      dryRun: o.dryRun,
      log,
    });
  } else {
    outcome = await engine.restore({
      storage,
      points,
      passphrase,
      target: o.restoreAbsPath,
      overwrite: o.overwrite,
      dryRun: o.dryRun,
      restoreDump: dumpRestorer ?? ((record, open) => restoreDump(o, record, open, log)),
      progress,
      log,
    });
  }
  log.debug(`restore read ${storage.bytesRead} bytes from ${storage.name}`);
  return { ...outcome, storageBytesRead: storage.bytesRead, storedBytes };
}
