import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, verify } from '@freezer/codec';
import { LiteralSpool } from '@freezer/delta';
import { AgentError } from '../../errors.js';
import { Progress } from '../../progress.js';
import { streamParamsOf } from '../../repository/backup-record.js';
import { dataPath, engineMetadataPath, type PointId } from '../../repository/layout.js';
import { readLevels, type StoredLevel } from '../../repository/point-reader.js';
import type { EngineRestoreJob, RestoreOutcome } from '../engine.js';
import {
  abandonRestoreTarget,
  checkRestoreTarget,
  createRestoreTarget,
  type RestoreTarget,
} from '../restore-target.js';
import { fetchDecodedFile } from './codec-files.js';
import { readDataRecords } from './data-format.js';
import { keyOf } from './entry.js';
import { takeRecord } from './file-rebuild.js';
import { scanManifest, type ManifestScan } from './manifest-scan.js';
import { planRestore, type NeededRecord, type RestorePlan } from './restore-plan.js';
import { rsyncPartOf } from './rsync-record.js';
import { parentOf } from './safe-path.js';
import { checkedRecords, restoreStreamed } from './streamed-restore.js';
import { applyAttributes, ensureRealDir, makeHardlink, makeSymlink } from './tree-apply.js';

/**
 * `--engine rsync` restore of a chain up to the chosen point: scans the last point's manifest, verifies
 * only the levels that hold needed data, then reads each of them once, newest first: a file's deltas
 * are parked (ops in memory, literals in a spool file) until its full copy streams by, and the file is
 * then written once, its deltas composed (see file-rebuild.ts). A manifest in the walk's order is not
 * held (streamed-restore.ts); any other is planned whole (restore-plan.ts).
 */
export async function rsyncRestore(job: EngineRestoreJob): Promise<RestoreOutcome> {
  const { storage, points, passphrase, log } = job;
  const levels = new Map<number, StoredLevel>();
  for (const level of await readLevels(storage, points, passphrase, rsyncPartOf))
    levels.set(level.point.level, level);
  const last = levels.get((points.at(-1) as PointId).level) as StoredLevel;

  const work = await mkdtemp(join(tmpdir(), 'freezer-rsync-restore-'));
  try {
    const manifestFile = join(work, 'manifest');
    const lastWhere = `level ${last.point.level}_${last.point.timestamp}`;
    const manifest = rsyncPartOf(last.record, `${last.point.level}_${last.point.timestamp}`).manifest;
    await checked(lastWhere, () =>
      fetchDecodedFile(
        storage,
        engineMetadataPath(last.point),
        streamParamsOf({ ...last.record, stream: manifest.stream }, lastWhere),
        manifest.segments,
        passphrase,
        manifestFile,
      ),
    );
    const chain = new Set(levels.keys());
    // A manifest in the walk's order is merged with each level's data as both stream by; an old or
    // odd one falls back to the plan that holds every entry.
    const scan = await scanManifest(manifestFile, chain);
    const plan = scan ? undefined : await planRestore(manifestFile, chain);
    const neededLevels = scan ? [...scan.levels] : [...(plan as RestorePlan).byLevel.keys()];
    const needed = neededLevels.sort((a, b) => a - b).map((n) => levels.get(n) as StoredLevel);
    const restoreDir = await checkRestoreTarget(job.target as string, job.overwrite);
    // Into an empty directory a failure can be undone (it is emptied again), so each level is read
    // once, checked as it is decoded; otherwise every level is verified before anything is written.
    const checkedWhileRead = restoreDir.wasEmpty && !job.dryRun;
    if (!checkedWhileRead) {
      for (const level of needed) {
        const where = `level ${level.point.level}_${level.point.timestamp}`;
        log.info(`verifying ${where}`);
        await checked(where, () =>
          verify(
            storage.getSegmented(dataPath(level.point)),
            level.params,
            level.record.segments ?? [],
            passphrase,
            {
              decompress: false,
            },
          ),
        );
      }
    }
    const files = scan ? scan.files : (plan as RestorePlan).files.length;
    log.info(
      `rsync restore: ${files} files from ${needed.length} of ${points.length} level(s) ` +
        `(${points.length - needed.length} hold nothing needed and are not read)`,
    );
    if (scan) return await rebuildStreamed(job, { scan, needed, work, restoreDir, manifestFile });
    return await rebuild(job, { plan: plan as RestorePlan, needed, work, restoreDir });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function checked<T>(where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new AgentError(
      `${where}: ${err instanceof Error ? err.message : String(err)}; nothing was restored`,
    );
  }
}

interface StreamedJob {
  scan: ManifestScan;
  needed: StoredLevel[];
  work: string;
  restoreDir: RestoreTarget;
  manifestFile: string;
}

async function rebuildStreamed(job: EngineRestoreJob, streamed: StreamedJob): Promise<RestoreOutcome> {
  const { storage, points, passphrase, log } = job;
  const { scan, needed, work, restoreDir } = streamed;
  if (job.dryRun) {
    log.info(`dry run: verified ${needed.length} level(s); nothing written to ${restoreDir.path}`);
    return { points, bytesRestored: 0, files: 0 };
  }
  await createRestoreTarget(restoreDir);
  const progress = new Progress(job.progress, 'restore', 'restore', scan.bytes);
  const spool = await LiteralSpool.create(join(work, 'literals'));
  try {
    const done = await restoreStreamed({
      storage,
      passphrase,
      log,
      progress,
      manifestFile: streamed.manifestFile,
      scan,
      needed,
      target: restoreDir.path,
      inPlace: restoreDir.wasEmpty,
      spool,
    });
    log.info(
      `rsync restore: streamed in path order, at most ${done.held} file(s) held at once ` +
        '(deltas awaiting their full copy, renamed files)',
    );
    return { points, bytesRestored: done.bytes, files: scan.files + scan.hardlinks + scan.symlinks };
  } catch (err) {
    await abandonRestoreTarget(restoreDir);
    throw err;
  } finally {
    progress.done();
    await spool.remove();
  }
}

interface RebuildJob {
  plan: RestorePlan;
  /** The levels that hold needed data, oldest first. */
  needed: StoredLevel[];
  /** A private temporary directory (the literal spool goes there). */
  work: string;
  restoreDir: RestoreTarget;
}

async function rebuild(job: EngineRestoreJob, rebuildJob: RebuildJob): Promise<RestoreOutcome> {
  const { storage, points, passphrase, log } = job;
  const { plan, needed, work, restoreDir } = rebuildJob;
  const target = restoreDir.path;
  if (job.dryRun) {
    log.info(`dry run: verified ${needed.length} level(s); nothing written to ${target}`);
    return { points, bytesRestored: 0, files: 0 };
  }
  await createRestoreTarget(restoreDir);

  const progress = new Progress(job.progress, 'restore', 'restore', plan.bytes);
  const spool = await LiteralSpool.create(join(work, 'literals'));
  let bytesRestored = 0;
  try {
    const made = new Set<string>();
    for (const dir of plan.dirs) await ensureRealDir(target, dir.path, made);
    // Newest level first: a file's deltas are parked until its full copy comes, then it is written once.
    for (const level of [...needed].reverse()) {
      const records = plan.byLevel.get(level.point.level) as Map<string, NeededRecord>;
      log.info(`restoring ${records.size} file(s) from level ${level.point.level}_${level.point.timestamp}`);
      const where = `level ${level.point.level}_${level.point.timestamp}`;
      // Lent blocks: the record reader is done with a block when it pulls the next, and every piece
      // is written or copied (synchronous file writes, awaited spool appends) before the next is read.
      const stream = decode(storage.getSegmented(dataPath(level.point)), level.params, passphrase, {
        expected: level.record.segments ?? [],
        lend: true,
        freeSource: true,
      });
      let found = 0;
      for await (const record of checkedRecords(where, readDataRecords(stream))) {
        const wanted = records.get(keyOf(record.path));
        if (!wanted) continue;
        found++;
        const path = wanted.file.entry.path;
        if (wanted.step === 0) await ensureRealDir(target, parentOf(path), made);
        const written = await takeRecord(
          { target, spool, onBytes: (n) => progress.add(n), inPlace: restoreDir.wasEmpty },
          record,
          wanted,
        );
        bytesRestored += written;
        if (wanted.step === 0) progress.add(0, 1);
      }
      if (found !== records.size)
        throw new AgentError(
          `level ${level.point.level}_${level.point.timestamp} lacks ${records.size - found} file(s) its manifest needs`,
        );
    }
    for (const f of plan.files) await applyAttributes(target, f.entry);
    for (const h of plan.hardlinks) await makeHardlink(target, h);
    for (const s of plan.symlinks) await makeSymlink(target, s);
    // Deepest first, so setting a directory's time is not undone by changes inside it.
    for (const d of [...plan.dirs].reverse()) await applyAttributes(target, d);
  } catch (err) {
    await abandonRestoreTarget(restoreDir);
    throw err;
  } finally {
    progress.done();
    await spool.remove();
  }
  return { points, bytesRestored, files: plan.files.length + plan.hardlinks.length + plan.symlinks.length };
}
