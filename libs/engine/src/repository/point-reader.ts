import type { StreamParams } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import { isoSeconds } from '../dates.js';
import { AgentError } from '../errors.js';
import { decodeRecord, streamParamsOf, type BackupRecord } from './backup-record.js';
import { listChains, pointAt, restorePath } from './catalog.js';
import { metadataPath, type EngineName, type PointId } from './layout.js';

/** One level of a chain to restore, with its record and the codec parameters of its `data`. */
export interface StoredLevel {
  point: PointId;
  record: BackupRecord;
  params: StreamParams;
}

/**
 * The points to replay for a restore: the chain up to the newest point at or before `date` (or the
 * newest), of `engine` or — without one — of whichever engine holds that point.
 */
export async function findRestorePoints(
  storage: BackupStorage,
  identity: string,
  engine: EngineName | undefined,
  date: number | undefined,
): Promise<PointId[]> {
  const chains = await listChains(storage, identity, engine);
  const found = pointAt(chains, date);
  if (!found) {
    const when = date !== undefined ? ` at or before ${isoSeconds(date)}` : '';
    throw new AgentError(`no backup of ${identity}${when} in ${storage.name}`);
  }
  const points = restorePath(found.chain, found.point);
  if (points.at(-1) !== found.point)
    throw new AgentError(
      `backup ${identity} ${found.point.level}_${found.point.timestamp}: a parent level is missing`,
    );
  return points;
}

/**
 * The records of `points`, read before any data: `check` (an engine's own test of its record) runs
 * first, then an encrypted level without a passphrase is refused.
 */
export async function readLevels(
  storage: BackupStorage,
  points: PointId[],
  passphrase: Uint8Array | undefined,
  check: (record: BackupRecord, where: string) => void = () => undefined,
): Promise<StoredLevel[]> {
  const levels: StoredLevel[] = [];
  for (const point of points) {
    const where = `${point.level}_${point.timestamp}`;
    const record = decodeRecord(await storage.getObject(metadataPath(point)), where);
    check(record, where);
    if (record.encryption && !passphrase)
      throw new AgentError(`level ${where} is encrypted: give --encrypt-pass-file`);
    levels.push({ point, record, params: streamParamsOf(record, where) });
  }
  return levels;
}
