import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKdfSalt, type EncodeOptions, type EncodeSummary } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import type { Logger } from '../logger.js';
import type { StreamInput } from '../modes/mode.js';
import { readPassphrase } from '../passphrase.js';
import {
  commonRecordFields,
  decodeRecord,
  encodeRecord,
  type BackupRecord,
  type RecordSettings,
} from './backup-record.js';
import { listChains, restorePath, type Chain } from './catalog.js';
import { PlainCatalogOut } from './catalog-plain-out.js';
import { chainHasCatalogs, chainState } from './chain-catalog.js';
import { catalogHeader, catalogRecords, storeCatalog, type CatalogDraft } from './point-catalog.js';
import { chooseLevel, nextTimestamp, type LevelPolicy } from './levels.js';
import {
  dataPath,
  identityOf,
  metadataPath,
  pointDataPrefix,
  pointEngine,
  pointMetadataPrefix,
  type EngineName,
  type PointId,
} from './layout.js';

/** What a backup reads: a file or directory (checked to exist), or a mode's dump stream. */
export type PointSource =
  { kind: 'path'; path: string; directory: boolean } | { kind: 'stream'; input: StreamInput };

/** Everything the point writer needs to know about a backup, whatever its engine. */
export interface PointSettings extends RecordSettings {
  engine: EngineName;
  levels: LevelPolicy;
  compressionLevel?: number;
  encryptPassFile?: string;
  maxSegmentSize: number;
  dryRun: boolean;
  /** Where to leave the point's catalog as plain NDJSON once it is committed (--catalog-out). */
  catalogOut?: string;
}

/** Handed to an engine for one point: which point, what it builds on, how to encode and store. */
export interface PointContext {
  storage: BackupStorage;
  point: PointId;
  /** The point this one builds on; none for a level 0. */
  parent?: PointId;
  passphrase?: Uint8Array;
  codec: EncodeOptions;
  /** `codec` for the stream given to `storeData`: its segment buffers may be reused as storage allows. */
  dataCodec: EncodeOptions;
  /** A private temporary directory, removed once the point is written or abandoned. */
  work: string;
  dryRun: boolean;
  log: Logger;
  /** Stores the point's data stream at its `data` path (drained and dropped on a dry run). */
  storeData(segments: AsyncIterable<Uint8Array>): Promise<void>;
}

/** What an engine stored for one point. */
export interface StoredPoint {
  /** The encoder's summary of the `data` stream. */
  data: EncodeSummary;
  /** The engine's own record keys (they go beside the common ones). */
  recordPart: Record<string, unknown>;
  bytesRead: number;
  bytesStored: number;
  files: number;
  /** Objects to write once the point is verified, just before its metadata (nothing on a dry run). */
  lastObjects?: { path: string; bytes: Uint8Array }[];
  /** The log line for the finished point. */
  doneMessage: string;
  /** The point's entries, for its file catalog (absent: this point gets none, e.g. a dump). */
  catalog?: CatalogDraft;
}

/** An engine's backup of one point, as the writer calls it. */
export type WritePointBody = (ctx: PointContext) => Promise<StoredPoint>;

export interface BackupOutcome {
  point: PointId;
  record: BackupRecord;
  reason: string;
  dryRun: boolean;
  /** Whether the point got a catalog (then `settings.catalogOut`, if given, holds it). */
  catalog: boolean;
}

/**
 * aes-256-gcm: one scrypt salt for a whole chain (its level 0's), so reading several of its objects —
 * the levels and their catalogs in a selection restore — derives the key once. undefined otherwise.
 */
async function chainKdfSalt(
  storage: BackupStorage,
  settings: PointSettings,
  parents: PointId[],
): Promise<string | undefined> {
  if (settings.encryption !== 'aes-256-gcm') return undefined;
  const levelZero = parents[0];
  if (levelZero) {
    const record = decodeRecord(await storage.getObject(metadataPath(levelZero)), 'level 0');
    if (record.stream?.kdf?.salt) return record.stream.kdf.salt;
  }
  return newKdfSalt();
}

function chainOf(chains: Chain[], point: PointId): Chain {
  return chains.find((c) => c.points.includes(point)) as Chain;
}

/**
 * Writes one restore point with any engine: chooses its level from the engine's chains, reads the
 * passphrase, gives the engine a private work directory, and commits the point last — its `metadata`
 * object is written only after all its data and `beforeCommit` (a mode's check) succeeded, so an
 * interrupted or refused backup is never listed; whatever it stored is then removed.
 */
export async function writePoint(
  storage: BackupStorage,
  settings: PointSettings,
  source: PointSource,
  body: WritePointBody,
  log: Logger,
  beforeCommit?: () => Promise<void>,
): Promise<BackupOutcome> {
  const identity = identityOf(settings.hostname, settings.backupName);
  const chains = await listChains(storage, identity, settings.engine);
  const startedMs = Date.now();
  // A dump is one stream, not a tree: there is nothing to build an increment on.
  const policy = source.kind === 'stream' ? { ...settings.levels, noIncremental: true } : settings.levels;
  const decision = chooseLevel(chains, policy, Math.floor(startedMs / 1000));
  const timestamp = nextTimestamp(chains, Math.floor(startedMs / 1000));
  const point: PointId = {
    identity,
    level: decision.level,
    timestamp,
    levelZeroTs: decision.parent?.levelZeroTs ?? timestamp,
    ...pointEngine(settings.engine),
  };
  const named = point.engine ? ` (${point.engine})` : '';
  log.info(`backup ${identity}${named}: level ${point.level} (${decision.reason}) to ${storage.name}`);

  const passphrase = await readPassphrase(settings.encryptPassFile);
  const work = await mkdtemp(join(tmpdir(), `freezer-${settings.engine}-`));
  const plainOut =
    settings.catalogOut && !settings.dryRun ? new PlainCatalogOut(settings.catalogOut) : undefined;
  try {
    const parents = decision.parent ? restorePath(chainOf(chains, decision.parent), decision.parent) : [];
    const codec = {
      kdfSalt: await chainKdfSalt(storage, settings, parents),
      compression: settings.compression,
      compressionLevel: settings.compressionLevel,
      encryption: settings.encryption,
      passphrase,
      segmentSize: settings.maxSegmentSize,
    };
    // A dry run drains each segment before it pulls the next: it holds none.
    const segmentsHeld = settings.dryRun ? 0 : storage.segmentsHeld;
    const stored = await body({
      storage,
      point,
      parent: decision.parent,
      passphrase,
      dataCodec: segmentsHeld === undefined ? codec : { ...codec, segmentsHeld },
      codec,
      work,
      dryRun: settings.dryRun,
      log,
      storeData: async (segments) => {
        if (settings.dryRun) for await (const segment of segments) void segment;
        else await storage.putSegmented(dataPath(point), segments);
      },
    });
    const endedMs = Date.now();
    const record: BackupRecord = {
      engine_name: settings.engine,
      ...commonRecordFields(settings, point, stored.data, startedMs, endedMs),
      ...stored.recordPart,
      bytes_read: stored.bytesRead,
      bytes_stored: stored.bytesStored,
      files: stored.files,
    };
    await beforeCommit?.();
    let catalog = false;
    if (!settings.dryRun && stored.catalog) {
      // An engine that found its deletions itself needs no state of the chain below, only its catalogs.
      const listed = stored.catalog.deleted !== undefined;
      const parentState =
        parents.length > 0 && !listed ? await chainState(storage, parents, passphrase) : undefined;
      const below =
        parents.length === 0 || (listed ? await chainHasCatalogs(storage, parents) : !!parentState);
      if (!below) {
        log.info(`no file catalog for this point: a level below it has none (made by an older agent)`);
      } else {
        const records = catalogRecords(
          stored.catalog,
          stored.data.units,
          settings.maxSegmentSize,
          parentState,
        );
        const header = catalogHeader(point, settings.hostname, settings.backupName, settings.engine, parents);
        record.catalog = await storeCatalog(storage, point, header, records, codec, plainOut?.write);
        plainOut?.close();
        catalog = true;
        log.debug(`catalog: ${record.catalog.entries} records, ${record.catalog.bytes} bytes stored`);
      }
    }
    if (!settings.dryRun) {
      for (const object of stored.lastObjects ?? []) await storage.putObject(object.path, object.bytes);
      // Written last: until it exists the point is not listed, so an interrupted backup never counts.
      await storage.putObject(metadataPath(point), encodeRecord(record));
    }
    plainOut?.commit(catalog);
    log.info(stored.doneMessage);
    return {
      point,
      record,
      reason: decision.reason,
      dryRun: settings.dryRun,
      catalog,
    };
  } catch (err) {
    plainOut?.commit(false);
    if (!settings.dryRun) {
      await storage.remove(pointMetadataPrefix(point)).catch(() => undefined);
      await storage.remove(pointDataPrefix(point)).catch(() => undefined);
    }
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
