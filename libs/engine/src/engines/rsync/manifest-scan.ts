import { AgentError } from '../../errors.js';
import { keyOf, type ManifestEntry } from './entry.js';
import { readManifestFile } from './manifest-file.js';
import { comparePaths, isAncestor } from './path-order.js';
import { checkRelative, parentOf } from './safe-path.js';

/** A history step stored under another path than the file has now (a renamed file's older levels). */
export interface RenamedStep {
  entry: ManifestEntry;
  step: number;
}

/** What a streamed restore needs to know before it reads any data: counts, and the few exceptions. */
export interface ManifestScan {
  files: number;
  hardlinks: number;
  symlinks: number;
  /** Bytes of the restored files. */
  bytes: number;
  /** Levels whose data some file needs. */
  levels: Set<number>;
  /** Renamed steps, by level, then by their path there: the only entries a streamed restore keeps. */
  renamed: Map<number, Map<string, RenamedStep>>;
  renamedSteps: number;
}

/**
 * Reads the target point's manifest once, checking what `planRestore` checks, without keeping its
 * entries. Undefined when the manifest is not a tree in the walk's order (every entry after the one
 * before it, under a directory entry): such a manifest is restored by the plan that holds every entry.
 */
export async function scanManifest(file: string, chain: Set<number>): Promise<ManifestScan | undefined> {
  const scan: ManifestScan = {
    files: 0,
    hardlinks: 0,
    symlinks: 0,
    bytes: 0,
    levels: new Set(),
    renamed: new Map(),
    renamedSteps: 0,
  };
  /** The directories the current entry is in, outermost first (a walk's depth of them). */
  const open: Buffer[] = [];
  /** Hard links' first links, by their key (the link that named it, for the message). */
  const linkTargets = new Map<string, Buffer>();
  let previous: Buffer | undefined;
  for await (const { entry } of readManifestFile(file)) {
    checkRelative(entry.path, 'manifest path');
    if (previous) {
      const order = comparePaths(previous, entry.path);
      if (order === 0) throw new AgentError(`the rsync manifest lists "${entry.path.toString()}" twice`);
      if (order > 0) return undefined;
    }
    previous = entry.path;
    if (entry.path.length > 0) {
      while (open.length > 0 && !isAncestor(open.at(-1) as Buffer, entry.path)) open.pop();
      const parent = parentOf(entry.path);
      const inside = open.at(-1);
      if (parent.length > 0 ? !inside?.equals(parent) : inside !== undefined && inside.length > 0)
        return undefined;
    }
    if (entry.type === 'dir') open.push(entry.path);
    else if (entry.type === 'symlink') scan.symlinks++;
    else if (entry.type === 'hardlink') {
      if (!entry.link || comparePaths(entry.link, entry.path) >= 0) {
        if (!entry.link)
          throw new AgentError(
            `hard link "${entry.path.toString()}" points to a file that is not in the backup`,
          );
        return undefined;
      }
      scan.hardlinks++;
      if (!linkTargets.has(keyOf(entry.link))) linkTargets.set(keyOf(entry.link), entry.path);
    } else fileSteps(scan, entry, chain);
  }
  if (linkTargets.size > 0) await confirmLinkTargets(file, linkTargets);
  return scan;
}

function fileSteps(scan: ManifestScan, entry: ManifestEntry, chain: Set<number>): void {
  if (entry.path.length === 0) throw new AgentError('the rsync manifest has a file without a name');
  scan.files++;
  scan.bytes += Number(entry.size);
  const history = entry.history ?? [];
  if (history.length === 0)
    throw new AgentError(`the rsync manifest has no history for "${entry.path.toString()}"`);
  let previous = -1;
  for (const [index, step] of history.entries()) {
    if (!chain.has(step.level) || step.level <= previous)
      throw new AgentError(
        `"${entry.path.toString()}" needs level ${step.level}, which is not in this restore's chain`,
      );
    previous = step.level;
    scan.levels.add(step.level);
    if (step.path === entry.path || step.path.equals(entry.path)) continue;
    // A renamed file: its older record lies elsewhere in that level's order, so the entry is kept.
    entry.ctimeNs = entry.dev = entry.ino = 0n;
    const steps = scan.renamed.get(step.level) ?? new Map<string, RenamedStep>();
    const stepKey = keyOf(step.path);
    if (steps.has(stepKey))
      throw new AgentError(`the rsync manifest uses "${step.path.toString()}" of level ${step.level} twice`);
    steps.set(stepKey, { entry, step: index });
    scan.renamed.set(step.level, steps);
    scan.renamedSteps++;
  }
}

/**
 * Every hard link's first link is a file of the manifest. Checked in a second read (only a tree with
 * hard links pays it), before anything is written: the first links come before their links.
 */
async function confirmLinkTargets(file: string, targets: Map<string, Buffer>): Promise<void> {
  for await (const { entry } of readManifestFile(file)) {
    if (entry.type === 'file') targets.delete(keyOf(entry.path));
    if (targets.size === 0) return;
  }
  const [link] = targets.values();
  throw new AgentError(
    `hard link "${(link as Buffer).toString()}" points to a file that is not in the backup`,
  );
}
