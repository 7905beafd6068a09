import type { CatalogEntryType, CatalogListEntry, CatalogRecord } from '@freezer/schema';

// One catalog record as one tab-separated line of a chunk:
//   name, type code, size, mtime, mode (octal), uid, gid, owner, group, link
// Deletions are `name \t x`. Text fields escape '\', tab, CR and LF. The data location and content
// hash stay in the catalog on storage: the API only lists, searches and names what to restore.

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

const escapeText = (s: string): string =>
  /[\\\t\r\n]/.test(s)
    ? s.replace(/[\\\t\r\n]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\r': '\\r', '\n': '\\n' })[c] ?? c)
    : s;

const unescapeText = (s: string): string =>
  s.includes('\\') ? s.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', r: '\r', n: '\n' })[c] ?? c) : s;

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
  return [
    name,
    TYPE_CODES[record.type],
    record.size,
    record.mtime,
    record.mode.toString(8),
    opt(record.uid),
    opt(record.gid),
    opt(record.owner),
    opt(record.group),
    opt(record.link),
  ].join('\t');
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

/** The name field of a line without decoding the rest (search scans names first). */
export function lineName(line: string): string {
  const tab = line.indexOf('\t');
  return unescapeText(tab < 0 ? line : line.slice(0, tab));
}
