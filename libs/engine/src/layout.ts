// The stock agent's storage layout for the tar engine, on every storage:
//   metadata/tar/<host>_<name>/<L0ts>/<level>_<ts>/metadata
//   data/tar/<host>_<name>/<L0ts>/<level>_<ts>/{data,engine_metadata}

export const ENGINE_NAME = 'tar';

export interface PointId {
  /** `<hostname>_<backup_name>` */
  identity: string;
  levelZeroTs: number;
  level: number;
  timestamp: number;
}

export function identityOf(hostname: string, backupName: string): string {
  return `${hostname}_${backupName}`;
}

export function chainMetadataPrefix(identity: string, levelZeroTs?: number): string {
  const base = `metadata/${ENGINE_NAME}/${identity}/`;
  return levelZeroTs === undefined ? base : `${base}${levelZeroTs}/`;
}

export function chainDataPrefix(identity: string, levelZeroTs: number): string {
  return `data/${ENGINE_NAME}/${identity}/${levelZeroTs}/`;
}

function pointDir(p: PointId): string {
  return `${ENGINE_NAME}/${p.identity}/${p.levelZeroTs}/${p.level}_${p.timestamp}`;
}

export const metadataPath = (p: PointId): string => `metadata/${pointDir(p)}/metadata`;
export const dataPath = (p: PointId): string => `data/${pointDir(p)}/data`;
export const engineMetadataPath = (p: PointId): string => `data/${pointDir(p)}/engine_metadata`;
export const pointMetadataPrefix = (p: PointId): string => `metadata/${pointDir(p)}/`;
export const pointDataPrefix = (p: PointId): string => `data/${pointDir(p)}/`;

const METADATA_RE = new RegExp(`^metadata/${ENGINE_NAME}/([^/]+)/(\\d+)/(\\d+)_(\\d+)/metadata$`);

/** A listed object path → the restore point it describes, or undefined for anything else. */
export function parseMetadataPath(path: string): PointId | undefined {
  const m = METADATA_RE.exec(path);
  if (!m) return undefined;
  return {
    identity: m[1] as string,
    levelZeroTs: Number(m[2]),
    level: Number(m[3]),
    timestamp: Number(m[4]),
  };
}
