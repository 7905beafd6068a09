import type { CatalogEntry } from '@freezer/schema';
import { AgentError } from '../../errors.js';
import type { StoredLevel } from '../../repository/point-reader.js';
import type { EngineSelectionJob, RestoreOutcome } from '../engine.js';
import { abandonRestoreTarget, checkRestoreTarget, createRestoreTarget } from '../restore-target.js';
import { planRuns, runBytes, type Located, type Run } from '../selection-runs.js';
import { SelectionWriter, type FileSink } from '../selection-target.js';
import { TarScanner, type TarMember } from './tar-scanner.js';

/** One file to write: where (its own path) and from which member (a hard link's is its target's). */
interface DataJob {
  path: string;
  source: CatalogEntry;
}

/**
 * Restores selected entries of a tar chain from the catalog: directories and symlinks from their
 * records alone, file data by decoding only the codec units that hold each member (ranged reads), then
 * parsing that member's tar header and writing its data. Members close together share one read.
 */
export async function tarRestoreSelection(job: EngineSelectionJob): Promise<RestoreOutcome> {
  const { levels, entries, state, log } = job;
  const points = levels.map((l) => l.point);
  const byLevel = new Map(levels.map((l) => [l.point.level, l]));
  const data: DataJob[] = [];
  for (const entry of entries) {
    if (entry.type === 'file') data.push({ path: entry.path, source: entry });
    else if (entry.type === 'hardlink') {
      const source = state.get(entry.link ?? '');
      if (source?.type !== 'file')
        throw new AgentError(`hard link ${entry.path}: its target "${entry.link}" is not in the backup`);
      data.push({ path: entry.path, source });
    }
  }
  const runs = planRuns(locate(data, byLevel), (d) => d.path);
  const stored = runs.reduce((sum, r) => sum + (r.end - r.start), 0);
  log.info(
    `selection: ${entries.length} entries, ${data.length} files in ${runs.length} read(s) of ${stored} stored bytes`,
  );
  const target = await checkRestoreTarget(job.target, job.overwrite);
  if (job.dryRun) {
    log.info(`dry run: nothing written to ${target.path}`);
    return { points, bytesRestored: 0, files: 0 };
  }
  await createRestoreTarget(target);
  const writer = new SelectionWriter(target.path, job.overwrite);
  try {
    for (const entry of entries) {
      if (entry.type === 'dir') writer.dir(entry);
    }
    for (const run of runs) await readRun(job, run, writer);
    for (const entry of entries) {
      if (entry.type === 'symlink') writer.symlink(entry);
    }
    writer.finish();
  } catch (err) {
    // Leave no partial selection behind in a directory that was empty before.
    await abandonRestoreTarget(target);
    throw err;
  }
  return { points, bytesRestored: writer.bytesWritten, files: writer.files };
}

function locate(data: DataJob[], byLevel: Map<number, StoredLevel>): Located<DataJob>[] {
  return data.map((d) => {
    const loc = d.source.loc;
    const level = byLevel.get(loc?.level ?? -1);
    if (!loc || !level) throw new AgentError(`${d.path}: the catalog does not say where its data is`);
    return { level, loc, item: d };
  });
}

async function readRun(job: EngineSelectionJob, run: Run<DataJob>, writer: SelectionWriter): Promise<void> {
  const first = Math.min(...run.items.keys());
  let remaining = run.items.size;
  let sinks: FileSink[] = [];
  const closeSinks = (): void => {
    for (const sink of sinks) sink.close();
    sinks = [];
  };
  const scanner = new TarScanner(
    (member: TarMember) => {
      closeSinks();
      const jobs = run.items.get(first + member.offset);
      if (!jobs) return;
      if (!['0', '\0', '7', 'S'].includes(member.type))
        throw new AgentError(`${jobs[0]?.path}: the catalog points at a tar member that is not a file`);
      remaining--;
      const sparse = member.sparse ? { realSize: member.sparse.realSize, map: member.sparse.map } : undefined;
      sinks = jobs.map((j) => writer.file(j.path, j.source, sparse));
    },
    { onData: (chunk) => sinks.forEach((s) => s.write(chunk)) },
  );
  for await (const bytes of runBytes(job.storage, run, job.passphrase)) {
    scanner.push(bytes);
    if (remaining === 0 && sinks.length === 0) break;
  }
  closeSinks();
  if (remaining > 0) {
    const where = `level ${run.level.point.level}_${run.level.point.timestamp}`;
    throw new AgentError(`${where}: ${remaining} selected member(s) not found where the catalog says`);
  }
}
