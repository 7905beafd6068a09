// Synthetic file catalogs for bench:catalog: deterministic trees and the NDJSON a point uploads.
import type { CatalogHeader, CatalogRecord } from '@freezer/schema';

const BASE_MTIME = 1_700_000_000;

export interface TreeShape {
  /** Top folders × subfolders × files per subfolder. */
  top: number;
  sub: number;
  files: number;
  /** One extra folder `wide/` with this many files (the listing target). */
  wide: number;
}

/** 10 × 100 × 999 + 10,000 + folders ≈ 1,000,000 entries. */
export const MILLION: TreeShape = { top: 10, sub: 100, files: 989, wide: 10_000 };
/** ≈ 100,000 entries. */
export const HUNDRED_K: TreeShape = { top: 10, sub: 10, files: 899, wide: 10_000 };

export function entryCount(s: TreeShape): number {
  return s.top * (1 + s.sub * (1 + s.files)) + 1 + s.wide;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const ext = ['txt', 'log', 'c', 'json', 'md', 'png', 'dat'];

/** The entries of a full tree; `variant` changes the size and mtime of one file in `changeEvery`. */
export function* fullTree(s: TreeShape, variant = 0, changeEvery = 0): Generator<CatalogRecord> {
  let i = 0;
  const file = (path: string): CatalogRecord => {
    i += 1;
    const changed = changeEvery > 0 && variant > 0 && (i + variant * 7) % changeEvery === 0;
    return {
      path,
      type: 'file',
      size: ((i * 7919) % 1_000_000) + (changed ? variant : 0),
      mtime: BASE_MTIME + (i % 86_400) + (changed ? variant * 86_400 : 0),
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      owner: 'ann',
      group: 'staff',
    };
  };
  const dir = (path: string): CatalogRecord => ({
    path,
    type: 'dir',
    size: 0,
    mtime: BASE_MTIME,
    mode: 0o755,
    uid: 1000,
    gid: 1000,
    owner: 'ann',
    group: 'staff',
  });
  for (let t = 0; t < s.top; t++) {
    const top = `project-${pad(t, 2)}`;
    yield dir(top);
    for (let u = 0; u < s.sub; u++) {
      const sub = `${top}/module-${pad(u, 3)}`;
      yield dir(sub);
      for (let f = 0; f < s.files; f++)
        yield file(`${sub}/file-${pad(f, 4)}.${ext[f % ext.length] ?? 'dat'}`);
    }
  }
  yield dir('wide');
  for (let w = 0; w < s.wide; w++) yield file(`wide/item-${pad(w, 5)}.bin`);
}

/** An incremental point: `n` changed files spread over the tree (a tenth in `wide/`) and a few deletions. */
export function* increment(s: TreeShape, level: number, n: number): Generator<CatalogRecord> {
  const mtime = BASE_MTIME + 10_000_000 + level * 86_400;
  for (let k = 0; k < n; k++) {
    const seed = (k * 2654435761 + level * 97) >>> 0;
    const path =
      k % 10 === 0
        ? `wide/item-${pad(seed % s.wide, 5)}.bin`
        : `project-${pad(seed % s.top, 2)}/module-${pad((seed >>> 8) % s.sub, 3)}/file-${pad((seed >>> 4) % s.files, 4)}.${ext[((seed >>> 4) % s.files) % ext.length] ?? 'dat'}`;
    if (k % 50 === 49) yield { path, deleted: true };
    else
      yield {
        path,
        type: 'file',
        size: seed % 100_000,
        mtime: mtime + k,
        mode: 0o644,
        uid: 1000,
        gid: 1000,
        owner: 'ann',
        group: 'staff',
      };
  }
}

export function header(hostname: string, backupName: string, times: number[], level: number): CatalogHeader {
  const ts = times[level] ?? 0;
  return {
    format: 'freezer-catalog',
    version: 1,
    engine: 'tar',
    hostname,
    backup_name: backupName,
    level,
    time_stamp: ts,
    level0_time_stamp: times[0] ?? ts,
    parents: times.slice(0, level),
  };
}

/** NDJSON text in pieces of about 256 KB. */
export async function* ndjsonPieces(
  head: CatalogHeader,
  records: Iterable<CatalogRecord>,
): AsyncGenerator<string> {
  let buf = `${JSON.stringify(head)}\n`;
  for (const r of records) {
    buf += `${JSON.stringify(r)}\n`;
    if (buf.length >= 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
