import { decodeRange } from '@freezer/codec';
import type { CatalogEntry } from '@freezer/schema';
import { AgentError } from '../../errors.js';
import { dataPath } from '../../repository/layout.js';
import type { StoredLevel } from '../../repository/point-reader.js';
import type { EngineSelectionJob, RestoreOutcome } from '../engine.js';
import { checkRestoreTarget, createRestoreTarget } from '../restore-target.js';
import { SelectionWriter, type FileSink } from '../selection-target.js';
import { TarScanner, type TarMember } from './tar-scanner.js';

/** One file to write: where (its own path) and from which member (a hard link's is its target's). */
interface DataJob {
  path: string;
  source: CatalogEntry;
}

/** Members read in one pass: a run of units whose stored ranges touch or overlap. */
interface Run {
  level: StoredLevel;
  unit: number;
  unitRaw: number;
  start: number;
  end: number;
  /** raw offset of a member → the files it becomes */
  jobs: Map<number, DataJob[]>;
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
  const runs = planRuns(data, byLevel);
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
  for (const entry of entries) {
    if (entry.type === 'dir') writer.dir(entry);
  }
  for (const run of runs) await readRun(job, run, writer);
  for (const entry of entries) {
    if (entry.type === 'symlink') writer.symlink(entry);
  }
  writer.finish();
  return { points, bytesRestored: writer.bytesWritten, files: writer.files };
}

function planRuns(data: DataJob[], byLevel: Map<number, StoredLevel>): Run[] {
  const located = data.map((d) => {
    const loc = d.source.loc;
    const level = byLevel.get(loc?.level ?? -1);
    if (!loc || loc.unit === undefined || loc.unit_raw === undefined || loc.raw === undefined || !level)
      throw new AgentError(`${d.path}: the catalog does not say where its data is`);
    const segmentSize = level.params.segment_size;
    const start = loc.segment * segmentSize + loc.offset;
    return { d, level, loc, start, end: start + loc.length };
  });
  located.sort((a, b) => a.level.point.level - b.level.point.level || a.start - b.start);
  const runs: Run[] = [];
  for (const x of located) {
    const last = runs.at(-1);
    const raw = x.loc.raw as number;
    if (last && last.level === x.level && x.start <= last.end) {
      last.end = Math.max(last.end, x.end);
      last.jobs.set(raw, [...(last.jobs.get(raw) ?? []), x.d]);
      continue;
    }
    runs.push({
      level: x.level,
      unit: x.loc.unit as number,
      unitRaw: x.loc.unit_raw as number,
      start: x.start,
      end: x.end,
      jobs: new Map([[raw, [x.d]]]),
    });
  }
  return runs;
}

async function readRun(job: EngineSelectionJob, run: Run, writer: SelectionWriter): Promise<void> {
  const path = dataPath(run.level.point);
  const read = (start: number, end: number): Promise<Uint8Array> => job.storage.readRange(path, start, end);
  const first = Math.min(...run.jobs.keys());
  let remaining = run.jobs.size;
  let sinks: FileSink[] = [];
  const closeSinks = (): void => {
    for (const sink of sinks) sink.close();
    sinks = [];
  };
  const scanner = new TarScanner(
    (member: TarMember) => {
      closeSinks();
      const jobs = run.jobs.get(first + member.offset);
      if (!jobs) return;
      if (!['0', '\0', '7', 'S'].includes(member.type))
        throw new AgentError(`${jobs[0]?.path}: the catalog points at a tar member that is not a file`);
      remaining--;
      const sparse = member.sparse ? { realSize: member.sparse.realSize, map: member.sparse.map } : undefined;
      sinks = jobs.map((j) => writer.file(j.path, j.source, sparse));
      if (member.size === 0 && remaining === 0) closeSinks();
    },
    { onData: (chunk) => sinks.forEach((s) => s.write(chunk)) },
  );
  let position = run.unitRaw;
  const where = `level ${run.level.point.level}_${run.level.point.timestamp}`;
  try {
    for await (const chunk of decodeRange(read, run.level.params, job.passphrase, run)) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      // The run starts at a unit boundary, the first selected member somewhere inside it.
      const skip = Math.max(0, Math.min(bytes.length, first - position));
      position += bytes.length;
      if (skip < bytes.length) scanner.push(bytes.subarray(skip));
      if (remaining === 0 && sinks.length === 0) break;
    }
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  closeSinks();
  if (remaining > 0)
    throw new AgentError(`${where}: ${remaining} selected member(s) not found where the catalog says`);
}
