import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiteralSpool } from '@freezer/delta';
import { catalogBytes, catalogText, type CatalogEntry } from '@freezer/schema';
import { AgentError } from '../../errors.js';
import { streamParamsOf } from '../../repository/backup-record.js';
import { engineMetadataPath } from '../../repository/layout.js';
import { eachCatalogRecord } from '../../repository/point-catalog.js';
import type { StoredLevel } from '../../repository/point-reader.js';
import type { EngineSelectionJob, RestoreOutcome } from '../engine.js';
import { abandonRestoreTarget, checkRestoreTarget, createRestoreTarget } from '../restore-target.js';
import { planRuns, runBytes, type Located } from '../selection-runs.js';
import { fetchDecodedFile } from './codec-files.js';
import { readDataRecords } from './data-format.js';
import { keyOf } from './entry.js';
import { takeRecord } from './file-rebuild.js';
import { selectEntries } from './manifest-select.js';
import type { NeededRecord } from './restore-plan.js';
import { rsyncPartOf } from './rsync-record.js';
import { parentOf } from './safe-path.js';
import { applyAttributes, ensureRealDir, makeHardlink, makeSymlink } from './tree-apply.js';

/**
 * Restores selected entries of an rsync chain: the chosen point's manifest gives each selected file's
 * history (its full copy, then its deltas); each step's record is found in the catalog of the level
 * that stored it and read by itself (ranged reads of the codec units holding it), newest level first so
 * the deltas are parked before the full copy comes, as in a whole restore.
 */
export async function rsyncRestoreSelection(job: EngineSelectionJob): Promise<RestoreOutcome> {
  const { storage, levels, passphrase, log } = job;
  const points = levels.map((l) => l.point);
  const byLevel = new Map(levels.map((l) => [l.point.level, l]));
  const last = levels.at(-1) as StoredLevel;
  const work = await mkdtemp(join(tmpdir(), 'freezer-rsync-selection-'));
  try {
    const where = `${last.point.level}_${last.point.timestamp}`;
    const manifest = rsyncPartOf(last.record, where).manifest;
    const manifestFile = join(work, 'manifest');
    await fetchDecodedFile(
      storage,
      engineMetadataPath(last.point),
      streamParamsOf({ ...last.record, stream: manifest.stream }, where),
      manifest.segments,
      passphrase,
      manifestFile,
    );
    const selected = new Set(job.entries.map((e) => keyOf(Buffer.from(catalogBytes(e.path)))));
    const { files, hardlinks, dirs, symlinks } = await selectEntries(
      manifestFile,
      new Set(byLevel.keys()),
      selected,
    );
    // Per level, the paths its catalog must locate: only those records of its catalog are kept.
    const wanted = new Map<number, Set<string>>();
    for (const file of files) {
      for (const at of file.entry.history ?? []) {
        const paths = wanted.get(at.level) ?? new Set<string>();
        paths.add(catalogText(at.path));
        wanted.set(at.level, paths);
      }
    }

    const own = new Map<number, Map<string, CatalogEntry>>();
    const located: Located<NeededRecord>[] = [];
    for (const file of files) {
      for (const [step, at] of (file.entry.history ?? []).entries()) {
        const level = byLevel.get(at.level) as StoredLevel;
        const records = own.get(at.level) ?? (await ownRecords(job, level, wanted.get(at.level)));
        own.set(at.level, records);
        const entry = records.get(catalogText(at.path));
        if (!entry?.loc)
          throw new AgentError(
            `"${file.entry.path.toString()}": the catalog of level ${at.level} does not locate it`,
          );
        located.push({ level, loc: entry.loc, item: { file, step } });
      }
    }
    const runs = planRuns(located, (n) => n.file.entry.path.toString()).sort(
      (a, b) => b.level.point.level - a.level.point.level,
    );
    log.info(`selection: ${job.entries.length} entries, ${files.length} files in ${runs.length} read(s)`);

    const restoreDir = await checkRestoreTarget(job.target, job.overwrite);
    if (job.dryRun) {
      log.info(`dry run: nothing written to ${restoreDir.path}`);
      return { points, bytesRestored: 0, files: 0 };
    }
    await createRestoreTarget(restoreDir);
    const target = restoreDir.path;
    const made = new Set<string>();
    const spool = await LiteralSpool.create(join(work, 'literals'));
    let bytesRestored = 0;
    try {
      for (const dir of dirs) await ensureRealDir(target, dir.path, made);
      for (const run of runs) {
        const wanted = new Map<string, NeededRecord>();
        for (const list of run.items.values()) {
          for (const n of list) {
            const step = (n.file.entry.history ?? [])[n.step];
            if (step) wanted.set(keyOf(step.path), n);
          }
        }
        let remaining = wanted.size;
        for await (const record of readDataRecords(runBytes(storage, run, passphrase), true)) {
          const needed = wanted.get(keyOf(record.path));
          if (!needed) continue;
          wanted.delete(keyOf(record.path));
          if (needed.step === 0) await ensureRealDir(target, parentOf(needed.file.entry.path), made);
          bytesRestored += await takeRecord(
            { target, spool, onBytes: () => undefined, inPlace: false },
            record,
            needed,
          );
          if (--remaining === 0) break;
        }
        if (remaining > 0)
          throw new AgentError(
            `level ${run.level.point.level}_${run.level.point.timestamp}: ${remaining} record(s) not where the catalog says`,
          );
      }
      for (const f of files) await applyAttributes(target, f.entry);
      for (const h of hardlinks) {
        await ensureRealDir(target, parentOf(h.path), made);
        await makeHardlink(target, h);
      }
      for (const s of symlinks) {
        await ensureRealDir(target, parentOf(s.path), made);
        await makeSymlink(target, s);
      }
      for (const d of [...dirs].reverse()) await applyAttributes(target, d);
    } catch (err) {
      // Leave no partial selection behind in a directory that was empty before.
      await abandonRestoreTarget(restoreDir);
      throw err;
    } finally {
      await spool.remove();
    }
    return { points, bytesRestored, files: files.length + hardlinks.length + symlinks.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A level's own catalog records (not merged) of the `paths` wanted: where they lie in its data stream. */
async function ownRecords(
  job: EngineSelectionJob,
  level: StoredLevel,
  paths: Set<string> | undefined,
): Promise<Map<string, CatalogEntry>> {
  const part = level.record.catalog;
  if (!part) throw new AgentError(`level ${level.point.level}_${level.point.timestamp} has no file catalog`);
  const out = new Map<string, CatalogEntry>();
  await eachCatalogRecord(job.storage, level.point, part, job.passphrase, (r) => {
    if (!('deleted' in r) && paths?.has(r.path)) out.set(r.path, r);
  });
  return out;
}
