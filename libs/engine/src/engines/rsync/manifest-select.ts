import { keyOf, type ManifestEntry } from './entry.js';
import { readManifestFile } from './manifest-file.js';
import { scanManifest } from './manifest-scan.js';
import { planRestore, type PlannedFile } from './restore-plan.js';

/** The entries a `--restore-paths` selection restores, from the chosen point's manifest. */
export interface ManifestSelection {
  files: PlannedFile[];
  hardlinks: ManifestEntry[];
  dirs: ManifestEntry[];
  symlinks: ManifestEntry[];
}

/**
 * The selected entries (by map key), checked as a whole restore checks the manifest. A hard link whose
 * first link is not selected becomes a file of its own, restored under the link's name. A manifest in
 * the walk's order is read three times and only the selection is kept; any other is planned whole.
 */
export async function selectEntries(
  file: string,
  chain: Set<number>,
  selected: Set<string>,
): Promise<ManifestSelection> {
  const out: ManifestSelection = { files: [], hardlinks: [], dirs: [], symlinks: [] };
  if (!(await scanManifest(file, chain))) return selectFromPlan(file, chain, selected);
  /** First links of selected hard links that are not selected themselves: link key → the links. */
  const sources = new Map<string, ManifestEntry[]>();
  for await (const { entry } of readManifestFile(file)) {
    if (!selected.has(keyOf(entry.path))) continue;
    if (entry.type === 'dir') out.dirs.push(entry);
    else if (entry.type === 'symlink') out.symlinks.push(entry);
    else if (entry.type === 'file') out.files.push({ entry, programs: [] });
    else {
      const linkKey = keyOf(entry.link as Buffer);
      if (selected.has(linkKey)) out.hardlinks.push(entry);
      else sources.set(linkKey, [...(sources.get(linkKey) ?? []), entry]);
    }
  }
  if (sources.size === 0) return out;
  for await (const { entry } of readManifestFile(file)) {
    const links = entry.type === 'file' ? sources.get(keyOf(entry.path)) : undefined;
    for (const link of links ?? []) out.files.push({ entry: { ...entry, path: link.path }, programs: [] });
  }
  return out;
}

/** The same selection from the plan that holds every entry (a manifest not in the walk's order). */
async function selectFromPlan(
  file: string,
  chain: Set<number>,
  selected: Set<string>,
): Promise<ManifestSelection> {
  const full = await planRestore(file, chain);
  const chosen = <T extends { path: Buffer }>(list: T[]): T[] =>
    list.filter((e) => selected.has(keyOf(e.path)));
  const files: PlannedFile[] = full.files.filter((f) => selected.has(keyOf(f.entry.path)));
  const filesByKey = new Map(full.files.map((f) => [keyOf(f.entry.path), f]));
  const hardlinks: ManifestEntry[] = [];
  for (const link of chosen(full.hardlinks)) {
    const linkKey = keyOf(link.link as Buffer);
    if (selected.has(linkKey)) hardlinks.push(link);
    else {
      // Its first link is not selected: the file is restored here, under the link's name.
      const source = filesByKey.get(linkKey) as PlannedFile;
      files.push({ entry: { ...source.entry, path: link.path }, programs: [] });
    }
  }
  return { files, hardlinks, dirs: chosen(full.dirs), symlinks: chosen(full.symlinks) };
}
