import { STOCK_ENGINE, type EngineName } from '../repository/layout.js';
import type { PointSource } from '../repository/point-writer.js';
import type { BackupEngine } from './engine.js';
import { rsyncEngine } from './rsync/rsync-engine.js';
import { tarEngine } from './tar/tar-engine.js';

// Every engine, by the name --engine and the storage layout use. A new engine is one more entry here
// (and its name in ENGINE_NAMES); nothing else changes.
const ENGINES: Record<EngineName, BackupEngine> = { tar: tarEngine, rsync: rsyncEngine };

/** The stock agent's engine: a backup without --engine, and a mode's dump when the chosen engine stores files only. */
export const DEFAULT_ENGINE: EngineName = STOCK_ENGINE;

export function engineNamed(name: EngineName): BackupEngine {
  return ENGINES[name];
}

/** The engine for a backup of `source`: the one asked for, unless it cannot store that kind of source. */
export function backupEngineFor(name: EngineName | undefined, source: PointSource): BackupEngine {
  const chosen = ENGINES[name ?? DEFAULT_ENGINE];
  return source.kind === 'stream' && !chosen.storesStreams ? ENGINES[DEFAULT_ENGINE] : chosen;
}
