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
  // Fetched together: each catalog of an encrypted chain has its own key derivation (scrypt, in the
  // thread pool), so reading them one by one would pay those one after another.
  const catalogs = await Promise.all(
    points.map(async (point, i) => {
      const record =
        records?.[i] ??
        decodeRecord(await storage.getObject(metadataPath(point)), `${point.level}_${point.timestamp}`);
      return record.catalog ? readCatalog(storage, point, record.catalog, passphrase) : undefined;
    }),
  );
  const state: CatalogState = new Map();
  for (const [i, catalog] of catalogs.entries()) {
    if (!catalog) return undefined;
    mergeRecords(state, catalog.records, (points[i] as PointId).level);
  }
  return state;
}
