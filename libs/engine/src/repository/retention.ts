import type { BackupStorage } from '@freezer/storage';
import { localTimeZone, planRetention, type RetentionPolicy } from '@freezer/schema';
import { listChains } from './catalog.js';
import { isoSeconds } from '../dates.js';
import { identityOf, pointDataPrefix, pointMetadataPrefix, type PointId } from './layout.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import { formatBytes } from '../sizes.js';

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
  | 'keepYearly'
  | 'dryRun'
>;

/** One outcome of several runs (the trees, or the sources, one admin run pruned). */
export function mergeAdminOutcomes(outcomes: AdminOutcome[], dryRun: boolean): AdminOutcome {
  return {
    removed: outcomes.flatMap((x) => x.removed),
    kept: outcomes.flatMap((x) => x.kept),
    bytesFreed: outcomes.reduce((s, x) => s + x.bytesFreed, 0),
    dryRun,
  };
}

/** The planner's policy of the admin options: one place, for every tree that --action admin prunes. */
export function retentionPolicyOf(o: AdminOptions, nowSeconds: number): RetentionPolicy {
  return {
    cutoff:
      o.removeFromDate ??
      (o.removeOlderThanDays !== undefined ? nowSeconds - o.removeOlderThanDays * 86400 : undefined),
    keepLast: o.keepLast,
    keepDaily: o.keepDaily,
    keepWeekly: o.keepWeekly,
    keepMonthly: o.keepMonthly,
    keepYearly: o.keepYearly,
    // The node's own calendar, as the stock agent's dates are the node's local time.
    timeZone: localTimeZone(),
  };
}

export async function runAdmin(
  o: AdminOptions,
  storage: BackupStorage,
  log: Logger,
  out: { write(s: string): unknown },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<AdminOutcome> {
  const identity = identityOf(o.hostname, o.backupName as string);
  const chains = await listChains(storage, identity);
  const plan = planRetention(chains, retentionPolicyOf(o, nowSeconds));
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
