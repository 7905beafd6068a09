import type { BackupStorage } from '@freezer/storage';
import { listChains, restorePath, type Chain } from './catalog.js';
import { isoSeconds } from '../dates.js';
import { identityOf, pointDataPrefix, pointMetadataPrefix, type PointId } from './layout.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import { formatBytes } from '../sizes.js';

export interface RetentionPolicy {
  /** Unix seconds: points strictly older than this may go. */
  cutoff?: number;
  keepLast?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
}

export interface RetentionPlan {
  remove: PointId[];
  keep: PointId[];
}

/**
 * Which points go. A point is a candidate when it is older than the cutoff (or, with only --keep-*
 * options, when no keep rule selects it). Candidates that a kept point needs to be restored (its
 * parents in the chain) stay — the stock agent instead deleted whole chains by their level-0 age,
 * increments younger than the cutoff included.
 */
export function planRetention(chains: Chain[], policy: RetentionPolicy): RetentionPlan {
  const all = chains.flatMap((c) => c.points.map((p) => ({ chain: c, point: p })));
  const newestFirst = [...all].sort(
    (a, b) => b.point.timestamp - a.point.timestamp || b.point.level - a.point.level,
  );
  const selected = new Set<PointId>();
  if (policy.keepLast) newestFirst.slice(0, policy.keepLast).forEach((e) => selected.add(e.point));
  const bucketKeep = (count: number | undefined, bucket: (d: Date) => string): void => {
    if (!count) return;
    const seen = new Set<string>();
    for (const e of newestFirst) {
      const key = bucket(new Date(e.point.timestamp * 1000));
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      selected.add(e.point);
    }
  };
  bucketKeep(policy.keepDaily, (d) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`);
  bucketKeep(policy.keepWeekly, isoWeek);
  bucketKeep(policy.keepMonthly, (d) => `${d.getFullYear()}-${d.getMonth()}`);

  const hasKeepRule = [policy.keepLast, policy.keepDaily, policy.keepWeekly, policy.keepMonthly].some(
    (n) => n !== undefined,
  );
  const wanted = (p: PointId): boolean => {
    if (selected.has(p)) return true;
    if (policy.cutoff !== undefined) return p.timestamp >= policy.cutoff;
    return !hasKeepRule;
  };
  const needed = new Set<PointId>();
  for (const { chain, point } of all) {
    if (wanted(point)) for (const p of restorePath(chain, point)) needed.add(p);
  }
  return {
    remove: all.map((e) => e.point).filter((p) => !needed.has(p)),
    keep: all.map((e) => e.point).filter((p) => needed.has(p)),
  };
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)}`;
}

export interface AdminOutcome {
  removed: PointId[];
  kept: PointId[];
  bytesFreed: number;
  dryRun: boolean;
}

/** The options --action admin reads. */
export type AdminOptions = Pick<
  AgentOptions,
  | 'hostname'
  | 'backupName'
  | 'removeFromDate'
  | 'removeOlderThanDays'
  | 'keepLast'
  | 'keepDaily'
  | 'keepWeekly'
  | 'keepMonthly'
  | 'dryRun'
>;

export async function runAdmin(
  o: AdminOptions,
  storage: BackupStorage,
  log: Logger,
  out: { write(s: string): unknown },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<AdminOutcome> {
  const identity = identityOf(o.hostname, o.backupName as string);
  const chains = await listChains(storage, identity);
  const cutoff =
    o.removeFromDate ??
    (o.removeOlderThanDays !== undefined ? nowSeconds - o.removeOlderThanDays * 86400 : undefined);
  const plan = planRetention(chains, {
    cutoff,
    keepLast: o.keepLast,
    keepDaily: o.keepDaily,
    keepWeekly: o.keepWeekly,
    keepMonthly: o.keepMonthly,
  });
  let bytesFreed = 0;
  for (const point of plan.remove) {
    const size =
      (await storage.list(pointDataPrefix(point))).reduce((s, e) => s + e.size, 0) +
      (await storage.list(pointMetadataPrefix(point))).reduce((s, e) => s + e.size, 0);
    bytesFreed += size;
    const line = `${o.dryRun ? 'would remove' : 'removing'} ${identity} level ${point.level} ${isoSeconds(point.timestamp)} (${point.levelZeroTs}/${point.level}_${point.timestamp}, ${formatBytes(size)})`;
    out.write(`${line}\n`);
    log.info(line);
    if (!o.dryRun) {
      // Metadata first: a half-removed point is then simply not listed, never listed-but-broken.
      await storage.remove(pointMetadataPrefix(point));
      await storage.remove(pointDataPrefix(point));
    }
  }
  const summary = `${o.dryRun ? 'would remove' : 'removed'} ${plan.remove.length} restore point(s), ${formatBytes(bytesFreed)} ${o.dryRun ? 'would be ' : ''}freed; ${plan.keep.length} kept`;
  out.write(`${summary}\n`);
  log.info(summary);
  return { removed: plan.remove, kept: plan.keep, bytesFreed, dryRun: o.dryRun };
}
