import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { decode, encode, type EncodeOptions, type StreamParams, type StreamUnit } from '@freezer/codec';
import {
  CATALOG_FORMAT,
  CATALOG_VERSION,
  parseCatalogHeader,
  parseCatalogLine,
  type CatalogHeader,
  type CatalogRecord,
  type CatalogDataLocation,
  type CatalogEntry,
} from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import { AgentError } from '../errors.js';
import type { CatalogSpill, PathSpill } from './catalog-spill.js';
import { catalogObjectPath, type PointId } from './layout.js';

/** One entry as an engine found it, with where its bytes lie in the point's uncompressed stream. */
export interface CatalogDraftEntry {
  entry: Omit<CatalogEntry, 'loc'>;
  raw?: { start: number; end: number };
}

/** What an engine reports for one point's catalog; the point writer turns it into records. */
export interface CatalogDraft {
  /** New or changed entries (all of them at level 0), spilled to a file as they were found. */
  entries: CatalogSpill;
  /**
   * Every path that exists at this point, changed or not; deletions are what the parent's state has
   * beyond it. Absent when `entries` is the whole tree (nothing to delete).
   */
  present?: Set<string>;
  /**
   * The parent's paths that are gone, when the engine found them itself (merging its walk with the
   * parent's state in path order): then `entries` are already what changed, and no state is needed.
   */
  deleted?: PathSpill;
  /** Directories renamed since the parent: unchanged entries below `from` now live below `to`. */
  renames?: { from: string; to: string }[];
}

/** The `catalog` key of a point's record: how its catalog object is encoded. */
export interface CatalogRecordPart {
  stream: StreamParams;
  bytes: number;
  sha256: string;
  entries: number;
}

/** The merged state at a point: path → entry, each `loc` naming the level whose stream holds it. */
export type CatalogState = Map<string, CatalogEntry>;

/** The stored range of the units holding raw bytes [start, end) (units: an encode's unit list). */
export function locate(
  raw: { start: number; end: number },
  units: StreamUnit[],
  segmentSize: number,
): CatalogDataLocation {
  const first = unitAt(units, raw.start);
  const last = unitAt(units, Math.max(raw.start, raw.end - 1));
  const start = (units[first] as StreamUnit).stored;
  const end = (units[last + 1] ?? units[last]) as StreamUnit;
  return {
    segment: Math.floor(start / segmentSize),
    offset: start % segmentSize,
    length: end.stored - start,
    unit: first,
    unit_raw: (units[first] as StreamUnit).raw,
    raw: raw.start,
  };
}

/** Index of the unit holding raw offset `at` (the last one starting at or before it; never the end marker). */
function unitAt(units: StreamUnit[], at: number): number {
  let lo = 0;
  let hi = Math.max(0, units.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((units[mid] as StreamUnit).raw <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The records of one point, as they are made: its changed entries with their locations, entries
 * carried over unchanged under a new name (a renamed directory), and a deletion for every path of
 * the parent's state that is gone. `parent` is the merged state of the chain below (absent at level 0,
 * and not needed when the draft lists its deletions).
 */
export async function* catalogRecords(
  draft: CatalogDraft,
  units: StreamUnit[],
  segmentSize: number,
  parent?: CatalogState,
): AsyncGenerator<CatalogRecord> {
  if (draft.deleted) {
    for await (const { entry, raw } of draft.entries.entries())
      yield raw ? { ...entry, loc: locate(raw, units, segmentSize) } : { ...entry };
    for await (const path of draft.deleted.entries()) yield { path, deleted: true };
    return;
  }
  // Only needed to find what a renamed directory carried over: not kept without one.
  const seen = parent && draft.present && (draft.renames ?? []).length > 0 ? new Set<string>() : undefined;
  for await (const { entry, raw } of draft.entries.entries()) {
    seen?.add(entry.path);
    // GNU tar archives every directory at every level: one that did not change adds nothing.
    const before = parent?.get(entry.path);
    if (!raw && before && sameMetadata(before, entry)) continue;
    yield raw ? { ...entry, loc: locate(raw, units, segmentSize) } : { ...entry };
  }
  if (!parent || !draft.present) return;
  for (const { from, to } of draft.renames ?? []) {
    for (const [path, entry] of parent) {
      const moved = below(path, from);
      if (moved === undefined) continue;
      const target = moved === '' ? to : `${to}/${moved}`;
      if (seen?.has(target) || !draft.present.has(target)) continue;
      seen?.add(target);
      yield { ...entry, path: target };
    }
  }
  for (const path of parent.keys()) {
    if (!draft.present.has(path)) yield { path, deleted: true };
  }
}

function sameMetadata(a: CatalogEntry, b: Omit<CatalogEntry, 'loc'>): boolean {
  return (
    a.type === b.type &&
    a.size === b.size &&
    a.mtime === b.mtime &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.owner === b.owner &&
    a.group === b.group &&
    a.link === b.link &&
    !a.loc
  );
}

function below(path: string, dir: string): string | undefined {
  if (path === dir) return '';
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

/** Applies one record of a point (at chain level `level`) to a state, later wins. */
export function mergeRecord(state: CatalogState, record: CatalogRecord, level: number): void {
  if ('deleted' in record) {
    state.delete(record.path);
    return;
  }
  const entry = record;
  state.set(
    entry.path,
    entry.loc && entry.loc.level === undefined ? { ...entry, loc: { ...entry.loc, level } } : entry,
  );
}

export function catalogHeader(
  point: PointId,
  hostname: string,
  backupName: string,
  engine: string,
  parents: PointId[],
): CatalogHeader {
  return {
    format: CATALOG_FORMAT,
    version: CATALOG_VERSION,
    engine,
    hostname,
    backup_name: backupName,
    level: point.level,
    time_stamp: point.timestamp,
    level0_time_stamp: point.levelZeroTs,
    parents: parents.map((p) => p.timestamp),
  };
}

/** Characters of NDJSON handed to the codec at a time. */
const NDJSON_PIECE = 1 << 16;

/** NDJSON: the header line, then one record per line, in pieces of about 64 KiB. */
async function* ndjsonPieces(
  header: CatalogHeader,
  records: AsyncIterable<CatalogRecord>,
  count: { records: number },
): AsyncGenerator<Uint8Array> {
  let piece = `${JSON.stringify(header)}\n`;
  for await (const record of records) {
    piece += `${JSON.stringify(record)}\n`;
    count.records += 1;
    if (piece.length >= NDJSON_PIECE) {
      yield Buffer.from(piece, 'utf8');
      piece = '';
    }
  }
  if (piece !== '') yield Buffer.from(piece, 'utf8');
}

/**
 * Stores a point's catalog beside its data through the point's codec (compression and encryption),
 * streaming its NDJSON as the records are made; `plain` (for --catalog-out) gets the same NDJSON
 * unencoded. Only the encoded object is held whole, for its one put.
 */
export async function storeCatalog(
  storage: BackupStorage,
  point: PointId,
  header: CatalogHeader,
  records: AsyncIterable<CatalogRecord>,
  codec: EncodeOptions,
  plain?: (piece: Uint8Array) => void,
): Promise<CatalogRecordPart> {
  const count = { records: 0 };
  const pieces = ndjsonPieces(header, records, count);
  const encoded = encode(
    plain
      ? (async function* () {
          for await (const piece of pieces) {
            plain(piece);
            yield piece;
          }
        })()
      : pieces,
    { ...codec, segmentSize: Math.max(codec.segmentSize, 1) },
  );
  const parts: Uint8Array[] = [];
  for await (const segment of encoded.segments) parts.push(Buffer.from(segment));
  const summary = await encoded.summary;
  const bytes = Buffer.concat(parts);
  await storage.putObject(catalogObjectPath(point), bytes);
  return {
    stream: summary.params,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    entries: count.records,
  };
}

export interface PointCatalog {
  header: CatalogHeader;
  records: CatalogRecord[];
}

/**
 * Reads and checks a point's stored catalog record by record (hash, then decryption, then every
 * line's shape), holding one decoded piece at a time, never the whole text or a list of records.
 */
export async function eachCatalogRecord(
  storage: BackupStorage,
  point: PointId,
  part: CatalogRecordPart,
  passphrase: Uint8Array | undefined,
  onRecord: (record: CatalogRecord) => void,
): Promise<CatalogHeader> {
  const where = `catalog of ${point.level}_${point.timestamp}`;
  const stored = await storage.getObject(catalogObjectPath(point));
  if (createHash('sha256').update(stored).digest('hex') !== part.sha256)
    throw new AgentError(`${where} does not match its recorded SHA-256`);
  let header: CatalogHeader | undefined;
  let n = 0;
  const take = (line: string): void => {
    if (line === '') return;
    n += 1;
    if (!header) {
      let first: unknown;
      try {
        first = JSON.parse(line);
      } catch {
        first = undefined;
      }
      header = parseCatalogHeader(first);
      if (!header) throw new AgentError(`${where}: bad header line`);
      return;
    }
    const record = parseCatalogLine(line);
    if (!record) throw new AgentError(`${where}: bad record on line ${n}`);
    onRecord(record);
  };
  const text = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of decode(
      (async function* () {
        yield stored;
      })(),
      part.stream,
      passphrase,
    )) {
      const lines = (rest + text.write(Buffer.from(chunk))).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) take(line);
    }
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  take(rest + text.end());
  if (!header) throw new AgentError(`${where}: bad header line`);
  return header;
}

/** A point's stored catalog as a list of records (see `eachCatalogRecord`). */
export async function readCatalog(
  storage: BackupStorage,
  point: PointId,
  part: CatalogRecordPart,
  passphrase: Uint8Array | undefined,
): Promise<PointCatalog> {
  const records: CatalogRecord[] = [];
  const header = await eachCatalogRecord(storage, point, part, passphrase, (r) => records.push(r));
  return { header, records };
}
