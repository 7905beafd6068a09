import { decodeRange } from '@freezer/codec';
import type { CatalogDataLocation } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import { AgentError } from '../errors.js';
import { dataPath } from '../repository/layout.js';
import type { StoredLevel } from '../repository/point-reader.js';

/** Something to read from a level's data stream, at a catalog location. */
export interface Located<T> {
  level: StoredLevel;
  loc: CatalogDataLocation;
  item: T;
}

/** Entries read in one pass: a run of codec units whose stored ranges touch or overlap. */
export interface Run<T> {
  level: StoredLevel;
  unit: number;
  unitRaw: number;
  start: number;
  end: number;
  /** raw offset of an entry's first byte → what is read there */
  items: Map<number, T[]>;
}

/** Groups located entries into as few ranged reads as possible, per level, in stream order. */
export function planRuns<T>(located: Located<T>[], describe: (item: T) => string): Run<T>[] {
  const spans = located.map((x) => {
    const { loc } = x;
    if (loc.unit === undefined || loc.unit_raw === undefined || loc.raw === undefined)
      throw new AgentError(`${describe(x.item)}: the catalog does not say where its data is`);
    const start = loc.segment * x.level.params.segment_size + loc.offset;
    return { ...x, raw: loc.raw, start, end: start + loc.length };
  });
  spans.sort((a, b) => a.level.point.level - b.level.point.level || a.start - b.start);
  const runs: Run<T>[] = [];
  for (const x of spans) {
    const last = runs.at(-1);
    if (last && last.level === x.level && x.start <= last.end) {
      last.end = Math.max(last.end, x.end);
      last.items.set(x.raw, [...(last.items.get(x.raw) ?? []), x.item]);
      continue;
    }
    runs.push({
      level: x.level,
      unit: x.loc.unit as number,
      unitRaw: x.loc.unit_raw as number,
      start: x.start,
      end: x.end,
      items: new Map([[x.raw, [x.item]]]),
    });
  }
  return runs;
}

/**
 * The decoded bytes of a run from its first entry on: ranged reads of only the run's stored bytes,
 * decoded from the unit where it starts. Codec errors name the level.
 */
export async function* runBytes<T>(
  storage: BackupStorage,
  run: Run<T>,
  passphrase: Uint8Array | undefined,
): AsyncGenerator<Buffer> {
  const path = dataPath(run.level.point);
  const read = (start: number, end: number): Promise<Uint8Array> => storage.readRange(path, start, end);
  const first = Math.min(...run.items.keys());
  let position = run.unitRaw;
  try {
    for await (const chunk of decodeRange(read, run.level.params, passphrase, run)) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      const skip = Math.max(0, Math.min(bytes.length, first - position));
      position += bytes.length;
      if (skip < bytes.length) yield bytes.subarray(skip);
    }
  } catch (err) {
    if (err instanceof AgentError) throw err;
    const where = `level ${run.level.point.level}_${run.level.point.timestamp}`;
    throw new AgentError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
