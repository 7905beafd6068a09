import { stat } from 'node:fs/promises';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ModeSource } from '../modes/mode.js';
import { writePoint, type BackupOutcome, type PointSource } from '../repository/point-writer.js';
import type { ProgressSink } from './engine.js';
import { backupEngineFor } from './registry.js';

/**
 * One backup point of `source` (the mode's prepared tree or dump): the options are cut down to what
 * the point writer and the engine each need, and the engine is chosen by --engine.
 */
export async function runBackup(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  progress: ProgressSink,
  from: ModeSource,
  /** Runs once the data is stored, before the point is committed; a throw discards the backup. */
  beforeCommit?: () => Promise<void>,
): Promise<BackupOutcome> {
  const source = await pointSource(from);
  const engine = backupEngineFor(o.engine, source);
  return writePoint(
    storage,
    {
      engine: engine.name,
      hostname: o.hostname,
      backupName: o.backupName as string,
      mode: o.modes.mode,
      levels: {
        noIncremental: o.noIncremental,
        maxLevel: o.maxLevel,
        alwaysLevel: o.alwaysLevel,
        restartAlwaysLevelDays: o.restartAlwaysLevelDays,
      },
      compression: o.compression,
      compressionLevel: o.compressionLevel,
      encryption: o.encryption,
      encryptPassFile: o.encryptPassFile,
      maxSegmentSize: o.maxSegmentSize,
      dryRun: o.dryRun,
      ...(o.catalogOut && !o.noCatalogUpload ? { catalogOut: o.catalogOut } : {}),
    },
    source,
    (ctx) => engine.backup({ source, exclude: o.exclude, dereference: o.dereference, progress }, ctx),
    log,
    beforeCommit,
  );
}

/** A path must exist before anything is read from the storage. */
async function pointSource(from: ModeSource): Promise<PointSource> {
  if (from.kind === 'stream') return from;
  const found = await stat(from.path).catch(() => undefined);
  if (!found) throw new AgentError(`--path-to-backup ${from.path}: no such file or directory`);
  return { kind: 'path', path: from.path, directory: found.isDirectory() };
}
