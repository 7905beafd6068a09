// The stock agent's object tree for its glance and nova engines (freezer/engine/{glance,nova}, the
// paths of storage/base.py Backup, with hostname_backup_name = "<host>_<name>/<resource id>"):
//   metadata/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/metadata
//   data/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/data             raw image bytes
//   data/<engine>/<host>_<name>/<resource id>/<L0ts>/<level>_<ts>/engine_metadata  {"length": "…", …}
// Every point is a level 0 (the stock refuses increments of these modes).

import type { BackupStorage } from '@freezer/storage';

export const STOCK_CLOUD_ENGINES = ['glance', 'nova'] as const;
export type StockCloudEngine = (typeof STOCK_CLOUD_ENGINES)[number];

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

export const cloudMetadataPath = (p: StockCloudPoint): string => `metadata/${dir(p)}/metadata`;
export const cloudDataPath = (p: StockCloudPoint): string => `data/${dir(p)}/data`;
export const cloudEngineMetadataPath = (p: StockCloudPoint): string => `data/${dir(p)}/engine_metadata`;
export const cloudMetadataPrefix = (p: StockCloudPoint): string => `metadata/${dir(p)}/`;
export const cloudDataPrefix = (p: StockCloudPoint): string => `data/${dir(p)}/`;

const POINT_RE = /^metadata\/(glance|nova)\/([^/]+)\/([^/]+)\/(\d+)\/(\d+)_(\d+)\/metadata$/;

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
