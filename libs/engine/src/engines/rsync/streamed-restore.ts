import { decode } from '@freezer/codec';
import type { LiteralSpool } from '@freezer/delta';
import type { BackupStorage } from '@freezer/storage';
import { AgentError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Progress } from '../../progress.js';
import { dataPath } from '../../repository/layout.js';
import type { StoredLevel } from '../../repository/point-reader.js';
import { readDataRecords, type DataRecord } from './data-format.js';
import { keyOf, type ManifestEntry } from './entry.js';
import { takeRecord } from './file-rebuild.js';
import { readManifestFile } from './manifest-file.js';
import type { ManifestScan } from './manifest-scan.js';
import { comparePaths, isAncestor } from './path-order.js';
import type { PlannedFile } from './restore-plan.js';
import { parentOf } from './safe-path.js';
import { applyAttributes, ensureRealDir, makeHardlink, makeSymlink } from './tree-apply.js';

export interface StreamedRestore {
  storage: BackupStorage;
  passphrase: Uint8Array | undefined;
  log: Logger;
  progress: Progress;
  manifestFile: string;
  scan: ManifestScan;
  /** The levels that hold needed data, oldest first. */
  needed: StoredLevel[];
  target: string;
  /** The restore directory was empty (files are written at their final paths). */
  inPlace: boolean;
  spool: LiteralSpool;
}

/**
 * Restores a chain whose manifest is a tree in the walk's order (see manifest-scan.ts) without holding
 * its entries: each needed level's data, newest first, is merged with a fresh read of the manifest —
 * both are in the walk's order, so a record is matched to the entry it belongs to as the two go by. A
 * file's deltas wait (ops in memory, literals in the spool) until its full copy comes, as in the plan
 * that holds everything; renamed files, found at their old path, are the only entries kept from the
 * scan. A last read of the manifest makes empty directories, links and symlinks and sets modes, owners
 * and times, each directory's once its contents are done. Returns the bytes written and the most files
 * held at once (deltas waiting and renamed files).
 */
export async function restoreStreamed(r: StreamedRestore): Promise<{ bytes: number; held: number }> {
  const parked = new Map<string, PlannedFile>();
  const dirs = new DirChain(r.target);
  let bytes = 0;
  let held = 0;
  for (const level of [...r.needed].reverse()) {
    const where = `level ${level.point.level}_${level.point.timestamp}`;
    r.log.info(`restoring from ${where} (merged with the manifest in path order)`);
    const stream = decode(storageStream(r, level), level.params, r.passphrase, {
      expected: level.record.segments ?? [],
      lend: true,
      freeSource: true,
    });
    const renamed = r.scan.renamed.get(level.point.level);
    let renamedFound = 0;
    let missing = 0;
    const wanted = ownSteps(r.manifestFile, level.point.level);
    try {
      let next = await wanted.next();
      let previous: Buffer | undefined;
      for await (const record of checkedRecords(where, readDataRecords(stream))) {
        if (previous && comparePaths(previous, record.path) >= 0)
          throw new AgentError(`${where}: the rsync data is not in path order`);
        previous = record.path;
        while (!next.done && comparePaths(next.value.entry.path, record.path) < 0) {
          missing++;
          next = await wanted.next();
        }
        const own =
          !next.done && comparePaths(next.value.entry.path, record.path) === 0 ? next.value : undefined;
        const moved = renamed?.get(keyOf(record.path));
        if (own && moved)
          throw new AgentError(
            `the rsync manifest uses "${record.path.toString()}" of level ${level.point.level} twice`,
          );
        const needed = own ?? moved;
        if (!needed) continue;
        if (own) next = await wanted.next();
        else renamedFound++;
        bytes += await take(r, { parked, dirs }, record, needed);
        held = Math.max(held, parked.size + r.scan.renamedSteps);
      }
      for (; !next.done; next = await wanted.next()) missing++;
    } finally {
      // Closes the manifest file when the merge stops early (an error).
      await wanted.return(undefined);
    }
    missing += (renamed?.size ?? 0) - renamedFound;
    if (missing > 0) throw new AgentError(`${where} lacks ${missing} file(s) its manifest needs`);
  }
  if (parked.size > 0)
    throw new AgentError(`${parked.size} file(s) have deltas but no full copy in the chain`);
  await finishTree(r, dirs);
  return { bytes, held };
}

const storageStream = (r: StreamedRestore, level: StoredLevel): AsyncIterable<Uint8Array> =>
  r.storage.getSegmented(dataPath(level.point));

/** The manifest's files stored at `level` under the path they have now, in order, with the step. */
async function* ownSteps(
  file: string,
  level: number,
): AsyncGenerator<{ entry: ManifestEntry; step: number }> {
  for await (const { entry } of readManifestFile(file)) {
    if (entry.type !== 'file') continue;
    const history = entry.history ?? [];
    for (let step = 0; step < history.length; step++) {
      const at = history[step] as { level: number; path: Buffer };
      if (at.level !== level) continue;
      if (at.path === entry.path || at.path.equals(entry.path)) yield { entry, step };
      break;
    }
  }
}

async function take(
  r: StreamedRestore,
  state: { parked: Map<string, PlannedFile>; dirs: DirChain },
  record: DataRecord,
  needed: { entry: ManifestEntry; step: number },
): Promise<number> {
  const key = keyOf(needed.entry.path);
  const file = state.parked.get(key) ?? { entry: needed.entry, programs: [] };
  if (needed.step === 0) await state.dirs.ensure(parentOf(file.entry.path));
  const written = await takeRecord(
    { target: r.target, spool: r.spool, onBytes: (n) => r.progress.add(n), inPlace: r.inPlace },
    record,
    { file, step: needed.step },
  );
  if (needed.step === 0) {
    state.parked.delete(key);
    r.progress.add(0, 1);
  } else state.parked.set(key, file);
  return written;
}

/**
 * Everything but file contents, in one read of the manifest: directories are made (as real
 * directories) before what is in them, links and symlinks made, files' attributes set, and each
 * directory's attributes set once the walk has left it — after its contents, so nothing undoes its time.
 */
async function finishTree(r: StreamedRestore, dirs: DirChain): Promise<void> {
  const open: ManifestEntry[] = [];
  const leave = async (until: Buffer | undefined): Promise<void> => {
    while (open.length > 0) {
      const top = open.at(-1) as ManifestEntry;
      if (until && isAncestor(top.path, until)) return;
      open.pop();
      await applyAttributes(r.target, top);
    }
  };
  for await (const { entry } of readManifestFile(r.manifestFile)) {
    await leave(entry.path);
    if (entry.type === 'dir') {
      await dirs.ensure(entry.path);
      open.push(entry);
    } else if (entry.type === 'file') await applyAttributes(r.target, entry);
    else if (entry.type === 'hardlink') await makeHardlink(r.target, entry);
    else await makeSymlink(r.target, entry);
  }
  await leave(undefined);
}

/**
 * The directories made or checked real for the entry being restored: its chain of parents only. In the
 * walk's order a directory left is never returned to, so this replaces a set of every directory made.
 */
class DirChain {
  private readonly made = new Set<string>();

  constructor(private readonly target: string) {}

  async ensure(rel: Buffer): Promise<void> {
    const key = keyOf(rel);
    for (const dir of this.made) if (key !== dir && !key.startsWith(`${dir}/`)) this.made.delete(dir);
    await ensureRealDir(this.target, rel, this.made);
  }
}

/** The records of a level's data; a codec failure names the level (the caller then undoes the restore). */
export async function* checkedRecords<T>(where: string, records: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* records;
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError(
      `${where}: ${err instanceof Error ? err.message : String(err)}; nothing was restored`,
    );
  }
}
