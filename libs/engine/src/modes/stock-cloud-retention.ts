import { groupChains, planRetention } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { isoSeconds } from '../dates.js';
import type { Logger } from '../logger.js';
import { identityOf } from '../repository/layout.js';
import { type AdminOptions, type AdminOutcome, retentionPolicyOf } from '../repository/retention.js';
import { formatBytes } from '../sizes.js';
import { reportedPoint } from './stock-cloud-backup.js';
import {
  cloudDataPrefix,
  cloudMetadataPath,
  cloudMetadataPrefix,
  listCloudPoints,
  type StockCloudEngine,
  type StockCloudPoint,
} from './stock-cloud-layout.js';
import { selectedResource } from './stock-cloud-restore.js';

/** What a point takes in storage: its metadata folder and its data folder. */
async function pointSize(storage: BackupStorage, p: StockCloudPoint): Promise<number> {
  const sum = async (prefix: string) => (await storage.list(prefix)).reduce((s, e) => s + e.size, 0);
  return (await sum(cloudMetadataPrefix(p))) + (await sum(cloudDataPrefix(p)));
}

/**
 * --action admin of --mode glance, nova or cinder: the points of the backup name in the stock
 * agent's trees (of the selected image, instance or volume, else of every one under the name) that
 * the retention planner lets go. Each image, instance or volume is its own series, as in the stock's
 * hostname_backup_name, so --keep-last 1 keeps the newest of each. The stock's own cinder backups
 * (no record of ours, no backup name) are left alone: nothing says which backup name they belong to.
 */
export async function runCloudAdmin(
  o: AdminOptions & Pick<AgentOptions, 'modes'>,
  storage: BackupStorage,
  log: Logger,
  out: { write(s: string): unknown },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<AdminOutcome> {
  const engine = o.modes.mode as StockCloudEngine;
  const identity = identityOf(o.hostname, o.backupName as string);
  const points = await listCloudPoints(storage, engine, identity, selectedResource(o as AgentOptions));
  const policy = retentionPolicyOf(o, nowSeconds);
  const remove: StockCloudPoint[] = [];
  const keep: StockCloudPoint[] = [];
  for (const resource of new Set(points.map((p) => p.resource))) {
    // Every point is its own level 0: one chain each, so no point is kept for another's sake.
    const plan = planRetention(groupChains(points.filter((p) => p.resource === resource)), policy);
    remove.push(...plan.remove);
    keep.push(...plan.keep);
  }
  let bytesFreed = 0;
  for (const p of remove) {
    const size = await pointSize(storage, p);
    bytesFreed += size;
    const line = `${o.dryRun ? 'would remove' : 'removing'} ${engine} ${identity}/${p.resource} ${isoSeconds(p.timestamp)} (${p.levelZeroTs}/${p.level}_${p.timestamp}, ${formatBytes(size)})`;
    out.write(`${line}\n`);
    log.info(line);
    if (!o.dryRun) {
      // The metadata object first: a half-removed point is then listed by neither agent.
      await storage.remove(cloudMetadataPath(p));
      await storage.remove(cloudMetadataPrefix(p));
      await storage.remove(cloudDataPrefix(p));
    }
  }
  const summary = `${engine}: ${o.dryRun ? 'would remove' : 'removed'} ${remove.length} restore point(s), ${formatBytes(bytesFreed)} ${o.dryRun ? 'would be ' : ''}freed; ${keep.length} kept`;
  out.write(`${summary}\n`);
  log.info(summary);
  return { removed: remove.map(reportedPoint), kept: keep.map(reportedPoint), bytesFreed, dryRun: o.dryRun };
}
