import type { CatalogListEntry } from '@freezer/schema';

/** One step of the breadcrumb trail: the folder's name and its path ('' is the backed-up root). */
export interface Crumb {
  name: string;
  path: string;
}

/** The root, then each folder down to `path` ("a/b" → root, a, a/b). */
export function breadcrumbs(path: string, rootName = 'root'): Crumb[] {
  const crumbs: Crumb[] = [{ name: rootName, path: '' }];
  let acc = '';
  for (const part of path.split('/').filter(Boolean)) {
    acc = acc ? `${acc}/${part}` : part;
    crumbs.push({ name: part, path: acc });
  }
  return crumbs;
}

/** The folder that holds `path` ('' for a top-level entry and for the root itself). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Entries whose name holds `filter` (case-insensitive); every entry when the filter is blank. */
export function filterEntries(entries: readonly CatalogListEntry[], filter: string): CatalogListEntry[] {
  const f = filter.trim().toLowerCase();
  return f ? entries.filter((e) => e.name.toLowerCase().includes(f)) : [...entries];
}

/** Only folders open in the browser; a symlink to one is restored as the link it is. */
export const isFolder = (e: Pick<CatalogListEntry, 'type'>): boolean => e.type === 'dir';

const isInside = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);

/**
 * The paths ticked for a restore. A ticked folder stands for everything under it, so its descendants
 * are never listed beside it: the agent gets the shortest list that names the same files.
 */
export type Selection = ReadonlySet<string>;

/** Ticked itself or inside a ticked folder. */
export function isSelected(selection: Selection, path: string): boolean {
  for (const s of selection) if (s === path || isInside(path, s)) return true;
  return false;
}

/** Ticked only because a folder above it is (its checkbox is then shown ticked and locked). */
export function isCoveredByFolder(selection: Selection, path: string): boolean {
  for (const s of selection) if (isInside(path, s)) return true;
  return false;
}

/** Ticks or unticks one path; ticking a folder drops the ticks below it, which it now covers. */
export function toggleSelection(selection: Selection, path: string): Set<string> {
  const next = new Set(selection);
  if (next.has(path)) {
    next.delete(path);
    return next;
  }
  if (isCoveredByFolder(selection, path)) return next;
  for (const s of selection) if (isInside(s, path)) next.delete(s);
  next.add(path);
  return next;
}

/** Ticks every shown entry, or unticks them when all are already ticked. */
export function toggleAll(selection: Selection, paths: readonly string[]): Set<string> {
  const open = paths.filter((p) => !isCoveredByFolder(selection, p));
  if (open.length > 0 && open.every((p) => selection.has(p))) {
    const next = new Set(selection);
    for (const p of open) next.delete(p);
    return next;
  }
  let next = new Set(selection);
  for (const p of open) if (!next.has(p)) next = toggleSelection(next, p);
  return next;
}

/** What `--restore-paths` receives: sorted, without paths a ticked folder already covers. */
export function restorePaths(selection: Selection): string[] {
  return [...selection].filter((p) => !isCoveredByFolder(selection, p)).sort();
}
