// The stock agent's storage layout, on every storage (<engine> is one of ENGINE_NAMES):
//   metadata/<engine>/<host>_<name>/<L0ts>/<level>_<ts>/metadata
//   data/<engine>/<host>_<name>/<L0ts>/<level>_<ts>/{data,engine_metadata}

export const ENGINE_NAMES = ['tar', 'rsync'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The stock agent's only engine: its points carry no engine name (PointId.engine is absent). */
export const STOCK_ENGINE: EngineName = 'tar';

export interface PointId {
  /** `<hostname>_<backup_name>` */
  identity: string;
  levelZeroTs: number;
  level: number;
  timestamp: number;
  /** Absent for the tar engine (the stock layout, and every point written before rsync existed). */
  engine?: EngineName;
}

export function identityOf(hostname: string, backupName: string): string {
  return `${hostname}_${backupName}`;
}

export function chainMetadataPrefix(
  identity: string,
  levelZeroTs?: number,
  engine: EngineName = STOCK_ENGINE,
): string {
  const base = `metadata/${engine}/${identity}/`;
  return levelZeroTs === undefined ? base : `${base}${levelZeroTs}/`;
}

export function chainDataPrefix(
  identity: string,
  levelZeroTs: number,
  engine: EngineName = STOCK_ENGINE,
): string {
  return `data/${engine}/${identity}/${levelZeroTs}/`;
}

export const engineOf = (p: PointId): EngineName => p.engine ?? STOCK_ENGINE;

/** The `engine` key of a point written by `engine`: absent for the stock engine. */
export const pointEngine = (engine: EngineName): Pick<PointId, 'engine'> =>
  engine === STOCK_ENGINE ? {} : { engine };

function pointDir(p: PointId): string {
  return `${engineOf(p)}/${p.identity}/${p.levelZeroTs}/${p.level}_${p.timestamp}`;
}

export const metadataPath = (p: PointId): string => `metadata/${pointDir(p)}/metadata`;
export const dataPath = (p: PointId): string => `data/${pointDir(p)}/data`;
export const engineMetadataPath = (p: PointId): string => `data/${pointDir(p)}/engine_metadata`;
/** The point's file catalog, beside its data and encoded like it. */
export const catalogObjectPath = (p: PointId): string => `data/${pointDir(p)}/catalog`;
export const pointMetadataPrefix = (p: PointId): string => `metadata/${pointDir(p)}/`;
export const pointDataPrefix = (p: PointId): string => `data/${pointDir(p)}/`;

const METADATA_RE = new RegExp(
  `^metadata/(${ENGINE_NAMES.join('|')})/([^/]+)/(\\d+)/(\\d+)_(\\d+)/metadata$`,
);

/** A listed object path → the restore point it describes, or undefined for anything else. */
export function parseMetadataPath(path: string): PointId | undefined {
  const m = METADATA_RE.exec(path);
  if (!m) return undefined;
  return {
    identity: m[2] as string,
    levelZeroTs: Number(m[3]),
    level: Number(m[4]),
    timestamp: Number(m[5]),
    ...pointEngine(m[1] as EngineName),
  };
}
