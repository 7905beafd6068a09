import type { BackupStorage } from '@freezer/storage';
import { decodeRecord, type BackupRecord } from './backup-record.js';
import { metadataPath, type PointId } from './layout.js';
import { mergeRecords, readCatalog, type CatalogState } from './point-catalog.js';

/**
 * The merged catalog state at the last of `points` (a restore path, level 0 first), or undefined when
 * one of them has no catalog (made by the stock agent or before catalogs existed). `records` may give
 * the points' records already read.
 */
export async function chainState(
  storage: BackupStorage,
  points: PointId[],
  passphrase: Uint8Array | undefined,
  records?: BackupRecord[],
): Promise<CatalogState | undefined> {
  const state: CatalogState = new Map();
  for (const [i, point] of points.entries()) {
    const record =
      records?.[i] ??
      decodeRecord(await storage.getObject(metadataPath(point)), `${point.level}_${point.timestamp}`);
    if (!record.catalog) return undefined;
    const { records: lines } = await readCatalog(storage, point, record.catalog, passphrase);
    mergeRecords(state, lines, point.level);
  }
  return state;
}
