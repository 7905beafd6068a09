// The one interface every backup engine implements. An engine turns a source into a point's `data`
// (and whatever engine metadata it needs), and a chain of its points back into files; the point writer
// (repository/point-writer.ts) does the rest — level choice, passphrase, work directory, commit-last,
// cleanup — the same way for all of them. Engines are listed in engines/registry.ts.

import type { BackupStorage } from '@freezer/storage';
import type { Dereference } from '../agent-options.js';
import type { Logger } from '../logger.js';
import type { BackupRecord } from '../repository/backup-record.js';
import type { EngineName, PointId } from '../repository/layout.js';
import type { PointContext, PointSource, StoredPoint } from '../repository/point-writer.js';
import type { CatalogState } from '../repository/point-catalog.js';
import type { StoredLevel } from '../repository/point-reader.js';
import type { CatalogEntry } from '@freezer/schema';
import type { ProgressSink } from '../progress.js';

export type { ProgressSink };

/** What to back up and how to read it; the point itself comes with the PointContext. */
export interface EngineBackupJob {
  source: PointSource;
  exclude: string[];
  dereference: Dereference;
  progress: ProgressSink;
}

/** A database dump's restore, bound by the caller to the mode's options; undefined for file data. */
export type DumpRestorer = (
  record: BackupRecord,
  open: () => AsyncIterable<Uint8Array>,
) => Promise<{ bytesRestored: number; files: number } | undefined>;

export interface EngineRestoreJob {
  storage: BackupStorage;
  /** The chain to replay, level 0 first, up to the chosen point (all of this engine). */
  points: PointId[];
  passphrase?: Uint8Array;
  /** --restore-abs-path; a mode's dump may restore elsewhere (then restoreDump handles it). */
  target?: string;
  overwrite: boolean;
  dryRun: boolean;
  restoreDump: DumpRestorer;
  progress: ProgressSink;
  log: Logger;
}

export interface RestoreOutcome {
  points: PointId[];
  bytesRestored: number;
  files: number;
}

/** A --restore-paths restore: the selected entries of the chain's merged catalog, nothing else. */
export interface EngineSelectionJob {
  storage: BackupStorage;
  /** The chain up to the chosen point, level 0 first, with records read and checked. */
  levels: StoredLevel[];
  passphrase?: Uint8Array;
  /** Selected entries (directories bring what is below them), sorted by path. */
  entries: CatalogEntry[];
  /** The merged state at the point (a hard link's target may lie outside the selection). */
  state: CatalogState;
  target: string;
  overwrite: boolean;
  dryRun: boolean;
  log: Logger;
}

export interface BackupEngine {
  /** Its folder on storage (metadata/<name>/…) and its `engine_name` in records and job documents. */
  readonly name: EngineName;
  /** Whether it can store a mode's dump stream; if not, dumps go to the default engine. */
  readonly storesStreams: boolean;
  backup(job: EngineBackupJob, ctx: PointContext): Promise<StoredPoint>;
  restore(job: EngineRestoreJob): Promise<RestoreOutcome>;
  /** Restores a selection by reading only the stored bytes that hold it; absent: not supported. */
  restoreSelection?(job: EngineSelectionJob): Promise<RestoreOutcome>;
}
