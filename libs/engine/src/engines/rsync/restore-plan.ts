import type { DeltaProgram } from '@freezer/delta';
import { AgentError } from '../../errors.js';
import { keyOf, type ManifestEntry } from './entry.js';
import { readManifestFile } from './manifest-file.js';
import { checkRelative } from './safe-path.js';

export interface PlannedFile {
  entry: ManifestEntry;
  /** The deltas read so far, by history step (levels are read newest first, the full copy last). */
  programs: (DeltaProgram | undefined)[];
}

/** A record some file needs: which file, and which step of its history the record is. */
export interface NeededRecord {
  file: PlannedFile;
  step: number;
}

export interface RestorePlan {
  dirs: ManifestEntry[];
  symlinks: ManifestEntry[];
  hardlinks: ManifestEntry[];
  files: PlannedFile[];
  /** Per level: the records of that level's data that some file needs, by their path there. */
  byLevel: Map<number, Map<string, NeededRecord>>;
  /** Bytes of the restored files. */
  bytes: number;
}

/**
 * What to read from which level, from the target point's manifest alone: each file's history names
 * the level of its last full copy and the levels of the deltas since. Levels no file needs are never
 * read, and a file replaced at a later level is not rebuilt from the older ones.
 */
export async function planRestore(manifestFile: string, levels: Set<number>): Promise<RestorePlan> {
  const plan: RestorePlan = {
    dirs: [],
    symlinks: [],
    hardlinks: [],
    files: [],
    byLevel: new Map(),
    bytes: 0,
  };
  const seen = new Set<string>();
  const fileKeys = new Set<string>();
  for await (const { entry } of readManifestFile(manifestFile)) {
    checkRelative(entry.path, 'manifest path');
    const key = keyOf(entry.path);
    if (seen.has(key)) throw new AgentError(`the rsync manifest lists "${entry.path.toString()}" twice`);
    seen.add(key);
    // The plan holds every entry until the restore ends, and a restore never reads these three: one
    // shared zero instead of three BigInts a path.
    entry.ctimeNs = entry.dev = entry.ino = 0n;
    if (entry.type === 'dir') plan.dirs.push(entry);
    else if (entry.type === 'symlink') plan.symlinks.push(entry);
    else if (entry.type === 'hardlink') plan.hardlinks.push(entry);
    else {
      if (entry.path.length === 0) throw new AgentError('the rsync manifest has a file without a name');
      const planned: PlannedFile = { entry, programs: [] };
      plan.files.push(planned);
      fileKeys.add(key);
      plan.bytes += Number(entry.size);
      const history = entry.history ?? [];
      if (history.length === 0)
        throw new AgentError(`the rsync manifest has no history for "${entry.path.toString()}"`);
      let previous = -1;
      for (const [index, step] of history.entries()) {
        if (!levels.has(step.level) || step.level <= previous)
          throw new AgentError(
            `"${entry.path.toString()}" needs level ${step.level}, which is not in this restore's chain`,
          );
        previous = step.level;
        const records = plan.byLevel.get(step.level) ?? new Map<string, NeededRecord>();
        const stepKey = step.path === entry.path ? key : keyOf(step.path);
        if (records.has(stepKey))
          throw new AgentError(
            `the rsync manifest uses "${step.path.toString()}" of level ${step.level} twice`,
          );
        records.set(stepKey, { file: planned, step: index });
        plan.byLevel.set(step.level, records);
      }
    }
  }
  for (const link of plan.hardlinks) {
    if (!link.link || !fileKeys.has(keyOf(link.link)))
      throw new AgentError(`hard link "${link.path.toString()}" points to a file that is not in the backup`);
  }
  return plan;
}
