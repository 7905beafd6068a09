import type { BackupStorage } from '@freezer/storage';
import { decodeRecord, type BackupRecord } from './backup-record.js';
import { metadataPath, type PointId } from './layout.js';
import { eachCatalogRecord, mergeRecord, type CatalogState } from './point-catalog.js';

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
  const parts = await catalogParts(storage, points, records);
  if (parts.some((part) => part === undefined)) return undefined;
  // Merged as they are read, level 0 first: no level's records are held as a list. (A chain shares
  // one key derivation, so reading its catalogs one after another costs no extra scrypt.)
  const state: CatalogState = new Map();
  for (const [i, point] of points.entries()) {
    const part = parts[i];
    if (part)
      await eachCatalogRecord(storage, point, part, passphrase, (r) => mergeRecord(state, r, point.level));
  }
  return state;
}

/** Whether every one of `points` has a catalog (without reading them). */
export async function chainHasCatalogs(storage: BackupStorage, points: PointId[]): Promise<boolean> {
  return (await catalogParts(storage, points)).every((part) => part !== undefined);
}

function catalogParts(
  storage: BackupStorage,
  points: PointId[],
  records?: BackupRecord[],
): Promise<(BackupRecord['catalog'] | undefined)[]> {
  return Promise.all(
    points.map(async (point, i) => {
      const record =
        records?.[i] ??
        decodeRecord(await storage.getObject(metadataPath(point)), `${point.level}_${point.timestamp}`);
      return record.catalog;
    }),
  );
}
