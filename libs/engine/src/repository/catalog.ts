import type { BackupStorage } from '@freezer/storage';
import {
  chainMetadataPrefix,
  ENGINE_NAMES,
  engineOf,
  parseMetadataPath,
  type EngineName,
  type PointId,
} from './layout.js';

export interface Chain {
  levelZeroTs: number;
  /** Absent for tar, like PointId.engine. */
  engine?: EngineName;
  /** Sorted by timestamp (then level). The first is the level 0. */
  points: PointId[];
}

/**
 * Complete restore points of one identity, grouped by chain. A point counts only once its `metadata`
 * object exists — the engine writes it last, so an interrupted backup is never listed. Without
 * `engine`, the chains of every engine (each chain belongs to one).
 */
export async function listChains(
  storage: BackupStorage,
  identity: string,
  engine?: EngineName,
): Promise<Chain[]> {
  const entries = [];
  for (const name of engine ? [engine] : ENGINE_NAMES)
    entries.push(...(await storage.list(chainMetadataPrefix(identity, undefined, name))));
  return groupChains(
    entries.map((e) => parseMetadataPath(e.path)).filter((p): p is PointId => p?.identity === identity),
  );
}

/** Every identity (`host_name`) with at least one complete point, of any engine. */
export async function listIdentities(storage: BackupStorage): Promise<Map<string, Chain[]>> {
  const entries = [];
  for (const name of ENGINE_NAMES) entries.push(...(await storage.list(`metadata/${name}/`)));
  const byIdentity = new Map<string, PointId[]>();
  for (const entry of entries) {
    const point = parseMetadataPath(entry.path);
    if (!point) continue;
    byIdentity.set(point.identity, [...(byIdentity.get(point.identity) ?? []), point]);
  }
  return new Map([...byIdentity].map(([id, points]) => [id, groupChains(points)]));
}

function groupChains(points: PointId[]): Chain[] {
  const chains = new Map<string, PointId[]>();
  for (const p of points) {
    const key = `${engineOf(p)}/${p.levelZeroTs}`;
    chains.set(key, [...(chains.get(key) ?? []), p]);
  }
  return (
    [...chains.values()]
      .map((pts) => ({
        levelZeroTs: (pts[0] as PointId).levelZeroTs,
        ...(pts[0]?.engine ? { engine: pts[0].engine } : {}),
        points: pts.sort((a, b) => a.timestamp - b.timestamp || a.level - b.level),
      }))
      // A chain without its level 0 (removed by hand, or half-written) cannot be restored or extended.
      .filter((c) => c.points[0]?.level === 0)
      .sort((a, b) => a.levelZeroTs - b.levelZeroTs)
  );
}

/**
 * The points to replay to reach `point`: for each level up to its own, the newest earlier point of that
 * level (handles --always-level, where several points share one level and each builds on level-1).
 */
export function restorePath(chain: Chain, point: PointId): PointId[] {
  const stack: PointId[] = [];
  for (const p of chain.points) {
    if (p.timestamp > point.timestamp) break;
    stack.length = Math.min(stack.length, p.level);
    if (stack.length !== p.level) continue; // a gap: a level whose parent is missing
    stack.push(p);
    if (p === point) return stack;
  }
  return stack;
}

/** Newest point at or before `date` (unix seconds; no date = newest), with the chain it belongs to. */
export function pointAt(chains: Chain[], date?: number): { chain: Chain; point: PointId } | undefined {
  let best: { chain: Chain; point: PointId } | undefined;
  for (const chain of chains) {
    for (const point of chain.points) {
      if (date !== undefined && point.timestamp > date) continue;
      if (
        !best ||
        point.timestamp > best.point.timestamp ||
        (point.timestamp === best.point.timestamp && point.level > best.point.level)
      ) {
        best = { chain, point };
      }
    }
  }
  return best;
}
