import type { BackupStorage } from '@freezer/storage';
import { decodeRecord, type BackupRecord } from './backup-record.js';
import { listIdentities } from './catalog.js';
import { isoSeconds } from '../dates.js';
import { ENGINE_NAMES, pointDataPrefix, metadataPath, type PointId } from './layout.js';
import { formatBytes } from '../sizes.js';
import { cloudInfoRows } from '../modes/stock-cloud-info.js';

export interface InfoRow {
  name: string;
  host: string;
  level: number;
  level_zero_timestamp: number;
  timestamp: number;
  time: string;
  size: number;
  files: number | null;
  encrypted: boolean;
  compression: string;
  /** Records in the point's file catalog; null: it has none (stock agent or older backups restore whole). */
  catalog_entries: number | null;
}

/** Every complete restore point in the storage (optionally of one host / backup name). */
export async function collectInfo(
  storage: BackupStorage,
  filter: { hostname?: string; backupName?: string },
): Promise<InfoRow[]> {
  const identities = await listIdentities(storage);
  const sizes = new Map<string, number>();
  const dataEntries = [];
  for (const name of ENGINE_NAMES) dataEntries.push(...(await storage.list(`data/${name}/`)));
  for (const entry of dataEntries) {
    const dir = entry.path.slice(0, entry.path.lastIndexOf('/') + 1);
    sizes.set(dir, (sizes.get(dir) ?? 0) + entry.size);
  }
  const rows: InfoRow[] = [];
  for (const [identity, chains] of identities) {
    for (const chain of chains) {
      for (const point of chain.points) {
        let record: BackupRecord | undefined;
        try {
          record = decodeRecord(await storage.getObject(metadataPath(point)), identity);
        } catch {
          record = undefined;
        }
        const [host, name] = splitIdentity(identity, record, filter.hostname);
        if (filter.hostname && host !== filter.hostname) continue;
        if (filter.backupName && name !== filter.backupName) continue;
        rows.push(rowOf(point, host, name, record, sizes.get(pointDataPrefix(point)) ?? 0));
      }
    }
  }
  rows.push(...(await cloudInfoRows(storage, filter, splitIdentity)));
  return rows.sort(
    (a, b) => a.name.localeCompare(b.name) || a.host.localeCompare(b.host) || a.timestamp - b.timestamp,
  );
}

function rowOf(
  point: PointId,
  host: string,
  name: string,
  record: BackupRecord | undefined,
  size: number,
): InfoRow {
  return {
    name,
    host,
    level: point.level,
    level_zero_timestamp: point.levelZeroTs,
    timestamp: point.timestamp,
    time: isoSeconds(point.timestamp),
    size,
    files: record?.files ?? null,
    encrypted: record?.encryption ?? false,
    compression: record?.compression ?? 'unknown',
    catalog_entries: record?.catalog?.entries ?? null,
  };
}

/** `host_name` is ambiguous when the host has '_': our metadata knows; else --hostname; else the first '_'. */
function splitIdentity(
  identity: string,
  record: BackupRecord | undefined,
  hostname?: string,
): [string, string] {
  if (record?.hostname && record.backup_name) return [record.hostname, record.backup_name];
  if (hostname && identity.startsWith(`${hostname}_`)) return [hostname, identity.slice(hostname.length + 1)];
  const cut = identity.indexOf('_');
  return cut === -1 ? [identity, ''] : [identity.slice(0, cut), identity.slice(cut + 1)];
}

export function formatInfoTable(rows: InfoRow[]): string {
  if (rows.length === 0) return 'no backups\n';
  const header = ['NAME', 'HOST', 'LEVEL', 'TIME', 'SIZE', 'FILES', 'ENCRYPTED', 'CATALOG'];
  const body = rows.map((r) => [
    r.name,
    r.host,
    String(r.level),
    r.time,
    formatBytes(r.size),
    r.files === null ? '-' : String(r.files),
    r.encrypted ? 'yes' : 'no',
    r.catalog_entries === null ? 'no catalog' : `${r.catalog_entries} entries`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  return (
    [header, ...body]
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
