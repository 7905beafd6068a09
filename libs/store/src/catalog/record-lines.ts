import type { CatalogEntryType, CatalogListEntry, CatalogRecord } from '@freezer/schema';

// One catalog record as one tab-separated line of a chunk:
//   name, type code, size, mtime, mode (octal), uid, gid, owner, group, link
// Deletions are `name \t x`. Text fields escape '\', tab, CR and LF, and write the bytes of a name
// that is not UTF-8 (lone surrogates in catalog text) as `\udcXX`, which UTF-8 storage would turn
// into U+FFFD. The data location and content hash stay in the catalog on storage: the API only
// lists, searches and names what to restore.

const TYPE_CODES: Record<CatalogEntryType, string> = {
  file: 'f',
  dir: 'd',
  symlink: 'l',
  hardlink: 'h',
  other: 'o',
};
const CODE_TYPES = new Map<string, CatalogEntryType>(
  Object.entries(TYPE_CODES).map(([type, code]) => [code, type as CatalogEntryType]),
);
const DELETED = 'x';

const RAW_BYTE = /[\udc80-\udcff]/u;
const ESCAPED = /[\\\t\r\n\udc80-\udcff]/u;
const ESCAPED_ALL = /[\\\t\r\n\udc80-\udcff]/gu;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\r': '\\r', '\n': '\\n' };
const UNESCAPES: Record<string, string> = { t: '\t', r: '\r', n: '\n' };

const escapeText = (s: string): string =>
  ESCAPED.test(s) ? s.replace(ESCAPED_ALL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16)}`) : s;

const unescapeText = (s: string): string =>
  s.includes('\\')
    ? s.replace(/\\(u[0-9a-f]{4}|.)/g, (_m, c: string) =>
        c.length === 5 ? String.fromCharCode(Number.parseInt(c.slice(1), 16)) : (UNESCAPES[c] ?? c),
      )
    : s;

/** The directory part ('' at the root) and the last name of a catalog path. */
export function splitPath(path: string): [dir: string, name: string] {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? ['', path] : [path.slice(0, cut), path.slice(cut + 1)];
}

const opt = (v: number | string | undefined): string =>
  v === undefined ? '' : typeof v === 'number' ? String(v) : escapeText(v);

/** `name` is the record's last path segment, when the caller has already split it off. */
export function encodeRecord(record: CatalogRecord, name = splitPath(record.path)[1]): string {
  name = escapeText(name);
  if ('deleted' in record) return `${name}\t${DELETED}`;
  // One template, not an array joined: this runs once per uploaded record.
  return `${name}\t${TYPE_CODES[record.type]}\t${record.size}\t${record.mtime}\t${record.mode.toString(8)}\t${opt(record.uid)}\t${opt(record.gid)}\t${opt(record.owner)}\t${opt(record.group)}\t${opt(record.link)}`;
}

/** A decoded line: an entry without its path, or the name of a deletion. */
export type DecodedLine =
  { name: string; deleted: true } | (Omit<CatalogListEntry, 'path'> & { deleted?: false });

export function decodeLine(line: string): DecodedLine {
  const f = line.split('\t');
  const name = unescapeText(f[0] ?? '');
  if (f[1] === DELETED) return { name, deleted: true };
  const entry: DecodedLine = {
    name,
    type: CODE_TYPES.get(f[1] ?? '') ?? 'other',
    size: Number(f[2]),
    mtime: Number(f[3]),
    mode: Number.parseInt(f[4] ?? '0', 8),
  };
  if (f[5]) entry.uid = Number(f[5]);
  if (f[6]) entry.gid = Number(f[6]);
  if (f[7]) entry.owner = unescapeText(f[7]);
  if (f[8]) entry.group = unescapeText(f[8]);
  if (f[9]) entry.link = unescapeText(f[9]);
  return entry;
}

/** Whether a line records a deletion, without decoding it. */
export function isDeletionLine(line: string): boolean {
  const tab = line.indexOf('\t');
  return tab >= 0 && line.length === tab + 2 && line.charCodeAt(tab + 1) === 120; // 'x'
}

/** The name field of a line without decoding the rest (search scans names first). */
export function lineName(line: string): string {
  const tab = line.indexOf('\t');
  return unescapeText(tab < 0 ? line : line.slice(0, tab));
}

/**
 * A folder path as stored in its text column: as it is, unless it holds bytes that are not UTF-8,
 * which are then escaped as in a line (a UTF-8 column would turn them into U+FFFD, and two such
 * folders into one). Only a path with a literal `\udcXX` in it could read back as another.
 */
export const dirKey = (path: string): string => (RAW_BYTE.test(path) ? escapeText(path) : path);

/** The folder path a `dirKey` stands for. */
export const dirFromKey = (key: string): string => (/\\udc[89a-f]/.test(key) ? unescapeText(key) : key);
