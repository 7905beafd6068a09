import type { CatalogEntry, CatalogHeader, CatalogRecord } from '@freezer/schema';

/** A backed-up tree as the catalog sees it: path → entry (directories included, root excluded). */
export type Tree = Map<string, CatalogEntry>;

const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

export function file(path: string, size: number, mtime: number): CatalogEntry {
  return { path, type: 'file', size, mtime, mode: 0o644, uid: 1000, gid: 1000, owner: 'ann', group: 'ann' };
}

export function dir(path: string, mtime = 1_700_000_000): CatalogEntry {
  return { path, type: 'dir', size: 0, mtime, mode: 0o755, uid: 1000, gid: 1000, owner: 'ann', group: 'ann' };
}

/** A tree from files; their folders are added. */
export function treeOf(files: CatalogEntry[]): Tree {
  const tree: Tree = new Map();
  for (const f of files) {
    for (let p = parentOf(f.path); p !== ''; p = parentOf(p)) if (!tree.has(p)) tree.set(p, dir(p));
    tree.set(f.path, f);
  }
  return tree;
}

const same = (a: CatalogEntry, b: CatalogEntry): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an incremental point records: new or changed entries, and the top-most removed paths (a
 * removed folder is one deletion, as the agent writes it; a folder that became a file is deleted
 * and written again).
 */
export function diffRecords(prev: Tree, next: Tree): CatalogRecord[] {
  const out: CatalogRecord[] = [];
  for (const [path, old] of prev) {
    const now = next.get(path);
    const parentGone = parentOf(path) !== '' && !next.has(parentOf(path));
    const typeChanged = now !== undefined && now.type !== old.type && old.type === 'dir';
    if ((now === undefined && !parentGone) || typeChanged) out.push({ path, deleted: true });
  }
  for (const [path, entry] of next) {
    const old = prev.get(path);
    if (!old || !same(old, entry)) out.push(entry);
  }
  return out;
}

/** Names (and what is listed of them) directly in `folder` ('' = root). */
export function childrenOf(tree: Tree, folder: string): CatalogEntry[] {
  return [...tree.values()]
    .filter((e) => parentOf(e.path) === folder)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function foldersOf(tree: Tree): string[] {
  return ['', ...[...tree.values()].filter((e) => e.type === 'dir').map((e) => e.path)];
}

export function ndjson(header: CatalogHeader, records: readonly CatalogRecord[]): string {
  return [header, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function header(
  hostname: string,
  backupName: string,
  level: number,
  times: readonly number[],
): CatalogHeader {
  const time = times[level] ?? 0;
  return {
    format: 'freezer-catalog',
    version: 1,
    engine: 'tar',
    hostname,
    backup_name: backupName,
    level,
    time_stamp: time,
    level0_time_stamp: times[0] ?? time,
    parents: times.slice(0, level),
  };
}
