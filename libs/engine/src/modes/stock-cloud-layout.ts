// The stock agent's object trees for its cloud modes, so each agent restores the other's backups.
//
// glance and nova (freezer/engine/{glance,nova}, the paths of storage/base.py Backup, with
// hostname_backup_name = "<host>_<name>/<resource id>"):
//   metadata/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/metadata
//   data/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/data             raw image bytes
//   data/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/engine_metadata  {"length": "…", …}
//
// cinder (freezer/openstack/backup.py backup_cinder_by_glance, storage/fslike.py add_stream): no engine,
// host or backup name, the volume id at the container's root:
//   <volume id>/<ts>/<volume id>   raw volume bytes
//   <volume id>/<ts>/metadata      {"x-object-meta-length": "…", "volume_name", "availability_zone"}
// plus, written last, our record at metadata/cinder/<host>_<name>/<volume id>/<ts>/0_<ts>/metadata:
// the stock has no cinder engine, so nothing of its own is there; it is how our restore finds a
// backup by its name, and what makes a point complete for us.
//
// Every point is a level 0 (the stock refuses increments of these modes).

import { IMAGE_MODES, type ImageMode } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';

/** The stock agent's engines of the image-based cloud modes carry the modes' names. */
export const STOCK_CLOUD_ENGINES = IMAGE_MODES;
export type StockCloudEngine = ImageMode;

export interface StockCloudPoint {
  engine: StockCloudEngine;
  /** `<hostname>_<backup_name>` */
  identity: string;
  /** The image or instance id: one path segment below the identity. */
  resource: string;
  levelZeroTs: number;
  level: number;
  timestamp: number;
}

const dir = (p: StockCloudPoint) =>
  `${p.engine}/${p.identity}/${p.resource}/${p.levelZeroTs}/${p.level}_${p.timestamp}`;
/** cinder: the stock's own folder of one backup of the volume. */
const cinderDir = (p: Pick<StockCloudPoint, 'resource' | 'timestamp'>) => `${p.resource}/${p.timestamp}`;

export const cloudMetadataPath = (p: StockCloudPoint): string => `metadata/${dir(p)}/metadata`;
export const cloudDataPath = (p: StockCloudPoint): string =>
  p.engine === 'cinder' ? `${cinderDir(p)}/${p.resource}` : `data/${dir(p)}/data`;
/** glance, nova: engine_metadata; cinder: the stock's `metadata` of the backup (its headers). */
export const cloudEngineMetadataPath = (p: StockCloudPoint): string =>
  p.engine === 'cinder' ? `${cinderDir(p)}/metadata` : `data/${dir(p)}/engine_metadata`;
/** What a point owns: its level-0 folder (each point is its own level 0, alone in it). */
const chainDir = (p: StockCloudPoint) => `${p.engine}/${p.identity}/${p.resource}/${p.levelZeroTs}`;
export const cloudMetadataPrefix = (p: StockCloudPoint): string => `metadata/${chainDir(p)}/`;
export const cloudDataPrefix = (p: StockCloudPoint): string =>
  p.engine === 'cinder' ? `${cinderDir(p)}/` : `data/${chainDir(p)}/`;
/** The key of the byte count in engine_metadata (a string, as the stock writes it). */
export const lengthKey = (engine: StockCloudEngine): string =>
  engine === 'cinder' ? 'x-object-meta-length' : 'length';

const POINT_RE = /^metadata\/(glance|nova|cinder)\/([^/]+)\/([^/]+)\/(\d+)\/(\d+)_(\d+)\/metadata$/;

/** A listed object path → the point it is the (committing) metadata of, or undefined. */
export function parseCloudMetadataPath(path: string): StockCloudPoint | undefined {
  const m = POINT_RE.exec(path);
  if (!m) return undefined;
  return {
    engine: m[1] as StockCloudEngine,
    identity: m[2] as string,
    resource: m[3] as string,
    levelZeroTs: Number(m[4]),
    level: Number(m[5]),
    timestamp: Number(m[6]),
  };
}

/**
 * Complete points of one identity (a point counts once its metadata exists: it is written last), of
 * one resource when given, newest first.
 */
export async function listCloudPoints(
  storage: BackupStorage,
  engine: StockCloudEngine,
  identity: string,
  resource?: string,
): Promise<StockCloudPoint[]> {
  const prefix = `metadata/${engine}/${identity}/${resource ? `${resource}/` : ''}`;
  return (await storage.list(prefix))
    .map((e) => parseCloudMetadataPath(e.path))
    .filter((p): p is StockCloudPoint => p !== undefined && p.identity === identity)
    .filter((p) => resource === undefined || p.resource === resource)
    .sort((a, b) => b.timestamp - a.timestamp || b.level - a.level);
}

const CINDER_STOCK_RE = /^([^/]+)\/(\d+)\/metadata$/;

/**
 * cinder backups the stock agent made of `volume` (its tree has no name and no record of ours):
 * every `<volume>/<ts>/metadata`, newest first, as points of `identity`.
 */
export async function listStockCinderPoints(
  storage: BackupStorage,
  identity: string,
  volume: string,
): Promise<StockCloudPoint[]> {
  return (await storage.list(`${volume}/`))
    .map((e) => CINDER_STOCK_RE.exec(e.path))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === volume)
    .map((m) => {
      const ts = Number(m[2]);
      return {
        engine: 'cinder' as const,
        identity,
        resource: volume,
        levelZeroTs: ts,
        level: 0,
        timestamp: ts,
      };
    })
    .sort((a, b) => b.timestamp - a.timestamp);
}
