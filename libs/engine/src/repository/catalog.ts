import { groupChains, restorePath, type PointChain } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import {
  chainMetadataPrefix,
  ENGINE_NAMES,
  parseMetadataPath,
  type EngineName,
  type PointId,
} from './layout.js';

/** One chain of points; `engine` is absent for tar, like PointId.engine. */
export type Chain = PointChain<PointId>;

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

export { restorePath };

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
