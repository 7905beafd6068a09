import type {
  CatalogDataLocation,
  CatalogEntry,
  CatalogEntryType,
  CatalogHeader,
  CatalogRecord,
} from './file-catalog.js';

/*
 * The file catalog's constants, its text mapping of file names and its line parsers, without zod: the
 * agent reads and writes catalogs on every backup and restore, and loading zod would cost every agent
 * run ~14 MB of RSS (docs/benchmarks.md). The zod schemas in file-catalog.ts stay the definition of each
 * shape; test/file-catalog.test.ts checks that the parsers here accept exactly what they accept.
 */

export const CATALOG_FORMAT = 'freezer-catalog';
export const CATALOG_VERSION = 1;
export const CATALOG_MEDIA_TYPE = 'application/x-ndjson';

export const CATALOG_ENTRY_TYPES = ['file', 'dir', 'symlink', 'hardlink', 'other'] as const;

/** No empty, '.' or '..' segment (so no leading, trailing or doubled '/'); checked without allocating. */
export function isCleanRelativePath(p: string): boolean {
  for (let start = 0; ;) {
    const slash = p.indexOf('/', start);
    const end = slash < 0 ? p.length : slash;
    const len = end - start;
    if (len === 0) return false;
    if (len <= 2 && p.charCodeAt(start) === 46 && (len === 1 || p.charCodeAt(start + 1) === 46)) return false;
    if (slash < 0) return true;
    start = slash + 1;
  }
}

/*
 * File names are bytes, catalog paths are text. The bytes of a name that are valid UTF-8 are its
 * characters; every other byte b (0x80–0xff) becomes the lone surrogate U+DC00+b, as Python's
 * "surrogateescape" does (PEP 383). The mapping is lossless and one-to-one, JSON writes those
 * characters as `\udcXX` escapes (so an NDJSON line stays valid UTF-8), and a browser shows them as
 * U+FFFD. Symlink targets and owner names use the same mapping.
 */

const LONE_ESCAPE = /[\udc80-\udcff]/u;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8Sequence(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && ((b[i + k] as number) & 0xc0) === 0x80;
  const c1 = b[i + 1] ?? 0;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // No overlong form (E0 80–9F) and no UTF-16 surrogate (ED A0–BF).
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    // No overlong form (F0 80–8F) and nothing above U+10FFFF (F4 90–BF).
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A file name's bytes as catalog text (see above): exact for every byte string. */
export function catalogText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length;) {
      const n = utf8Sequence(bytes, i);
      if (n === 0) {
        out += String.fromCharCode(0xdc00 + (bytes[i] as number));
        i += 1;
      } else {
        out += strictUtf8.decode(bytes.subarray(i, i + n));
        i += n;
      }
    }
    return out;
  }
}

/** The bytes a catalog text stands for: the inverse of `catalogText`. */
export function catalogBytes(text: string): Uint8Array {
  if (!LONE_ESCAPE.test(text)) return utf8.encode(text);
  const parts: number[] = [];
  let run = '';
  const flush = () => {
    for (const b of utf8.encode(run)) parts.push(b);
    run = '';
  };
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      flush();
      parts.push(code - 0xdc00);
    } else run += ch;
  }
  flush();
  return Uint8Array.from(parts);
}

/** Whether a catalog text holds bytes that are not UTF-8 (shown as U+FFFD). */
export const hasRawBytes = (text: string): boolean => LONE_ESCAPE.test(text);

const ENTRY_TYPES: ReadonlySet<unknown> = new Set(CATALOG_ENTRY_TYPES);
const SHA256 = /^[0-9a-f]{64}$/;
const LOC_KEYS = ['segment', 'offset', 'length', 'level', 'unit', 'unit_raw', 'raw'] as const;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isText = (v: unknown, max: number): boolean =>
  v === undefined || (typeof v === 'string' && v.length <= max);

/**
 * One NDJSON record line checked by the same rules as `CatalogRecord`, without zod: reading a catalog
 * of a million entries through zod costs seconds, this a small fraction of it. `undefined` when the line
 * is not a valid record. Unknown keys are dropped as zod drops them.
 */
export function parseCatalogLine(line: string): CatalogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const path = r.path;
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || !isCleanRelativePath(path))
    return undefined;
  if (r.deleted === true) return { path, deleted: true };
  const { type, size, mtime, mode, uid, gid, owner, group, link, sha256, loc } = r;
  if (!ENTRY_TYPES.has(type) || !isCount(size) || typeof mtime !== 'number' || !Number.isFinite(mtime))
    return undefined;
  if (!isCount(mode) || mode > 0o7777) return undefined;
  if ((uid !== undefined && !isCount(uid)) || (gid !== undefined && !isCount(gid))) return undefined;
  if (!isText(owner, 256) || !isText(group, 256) || !isText(link, 4096)) return undefined;
  if (sha256 !== undefined && (typeof sha256 !== 'string' || !SHA256.test(sha256))) return undefined;
  // Built with literal keys, one shape for every entry: this runs once per line of a large upload.
  const entry: CatalogEntry = { path, type: type as CatalogEntryType, size, mtime, mode };
  if (uid !== undefined) entry.uid = uid;
  if (gid !== undefined) entry.gid = gid;
  if (owner !== undefined) entry.owner = owner as string;
  if (group !== undefined) entry.group = group as string;
  if (link !== undefined) entry.link = link as string;
  if (sha256 !== undefined) entry.sha256 = sha256;
  if (loc !== undefined) {
    const parsed = parseLocation(loc);
    if (!parsed) return undefined;
    entry.loc = parsed;
  }
  return entry;
}

function parseLocation(value: unknown): CatalogDataLocation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const l = value as Record<string, unknown>;
  if (!isCount(l.segment) || !isCount(l.offset) || !isCount(l.length)) return undefined;
  const loc: Record<string, number> = {};
  for (const key of LOC_KEYS) {
    if (l[key] === undefined) continue;
    if (!isCount(l[key])) return undefined;
    loc[key] = l[key];
  }
  return loc as CatalogDataLocation;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A catalog's first line checked by the same rules as `CatalogHeader`, without zod; unknown keys dropped. */
export function parseCatalogHeader(value: unknown): CatalogHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Record<string, unknown>;
  const { format, version, engine, hostname, backup_name, level, time_stamp, level0_time_stamp, parents } = h;
  if (format !== CATALOG_FORMAT || version !== CATALOG_VERSION) return undefined;
  if (!isName(engine) || !isName(hostname) || !isName(backup_name)) return undefined;
  if (!isCount(level) || !isInt(time_stamp) || !isInt(level0_time_stamp)) return undefined;
  if (!Array.isArray(parents) || !parents.every(isInt)) return undefined;
  return {
    format,
    version,
    engine,
    hostname,
    backup_name,
    level,
    time_stamp,
    level0_time_stamp,
    parents: [...parents],
  };
}
