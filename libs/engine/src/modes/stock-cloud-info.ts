import type { BackupStorage } from '@freezer/storage';
import { isoSeconds } from '../dates.js';
import type { BackupRecord } from '../repository/backup-record.js';
import type { InfoRow } from '../repository/info.js';
import {
  cloudDataPath,
  parseCloudMetadataPath,
  STOCK_CLOUD_ENGINES,
  type StockCloudPoint,
} from './stock-cloud-layout.js';

type Split = (identity: string, record: BackupRecord | undefined, hostname?: string) => [string, string];

/** The record of a point (ours, or the stock's few keys); undefined when unreadable. */
async function recordOf(storage: BackupStorage, path: string): Promise<BackupRecord | undefined> {
  try {
    const line = new TextDecoder().decode(await storage.getObject(path)).split('\n')[0] ?? '';
    return JSON.parse(line) as BackupRecord;
  } catch {
    return undefined;
  }
}

/**
 * `info` rows of the cloud modes' points (the stock trees of glance, nova and cinder): named
 * `<backup name>/<image, instance or volume id>`, as the stock's hostname_backup_name.
 */
export async function cloudInfoRows(
  storage: BackupStorage,
  filter: { hostname?: string; backupName?: string },
  split: Split,
): Promise<InfoRow[]> {
  const rows: InfoRow[] = [];
  for (const engine of STOCK_CLOUD_ENGINES) {
    const points = (await storage.list(`metadata/${engine}/`))
      .map((e) => ({ path: e.path, point: parseCloudMetadataPath(e.path) }))
      .filter((e): e is { path: string; point: StockCloudPoint } => e.point !== undefined);
    if (points.length === 0) continue;
    // A stock point has no size in its metadata: its data objects are summed.
    const sizes = new Map<string, number>();
    if (engine !== 'cinder')
      for (const entry of await storage.list(`data/${engine}/`)) {
        const dir = entry.path.slice(0, entry.path.lastIndexOf('/') + 1);
        sizes.set(dir, (sizes.get(dir) ?? 0) + entry.size);
      }
    for (const { path, point } of points) {
      const record = await recordOf(storage, path);
      const [host, name] = split(point.identity, record, filter.hostname);
      if (filter.hostname && host !== filter.hostname) continue;
      if (filter.backupName && name !== filter.backupName) continue;
      const dataDir = cloudDataPath(point).slice(0, cloudDataPath(point).lastIndexOf('/') + 1);
      rows.push({
        name: `${name}/${point.resource}`,
        host,
        level: point.level,
        level_zero_timestamp: point.levelZeroTs,
        timestamp: point.timestamp,
        time: isoSeconds(point.timestamp),
        size: record?.bytes_stored ?? sizes.get(dataDir) ?? 0,
        files: record?.files ?? null,
        encrypted: record?.encryption === true,
        compression: record?.compression ?? 'none',
        catalog_entries: null,
      });
    }
  }
  return rows;
}
