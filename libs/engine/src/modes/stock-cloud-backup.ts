import { encode, type EncodeOptions } from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readPassphrase } from '../passphrase.js';
import { encodeRecord, type BackupRecord } from '../repository/backup-record.js';
import { identityOf, type PointId } from '../repository/layout.js';
import type { BackupOutcome } from '../repository/point-writer.js';
import type { PreparedSource, StockCloudSource } from './mode.js';
import {
  cloudDataPath,
  cloudDataPrefix,
  cloudEngineMetadataPath,
  cloudMetadataPath,
  cloudMetadataPrefix,
  lengthKey,
  listCloudPoints,
  listStockCinderPoints,
  type StockCloudPoint,
} from './stock-cloud-layout.js';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The point id our reports carry: the stock's hostname_backup_name is `<identity>/<resource>`. */
export const reportedPoint = (p: StockCloudPoint): PointId => ({
  identity: `${p.identity}/${p.resource}`,
  levelZeroTs: p.levelZeroTs,
  level: p.level,
  timestamp: p.timestamp,
});

/**
 * One backup of an image's bytes (glance, nova) in the stock agent's tree, so its own restore finds
 * it: the bytes raw (the stock engines never compress; with --encrypt-pass-file they are encrypted by
 * our codec and only we can read them), then engine_metadata with the `length` the stock restore
 * reads, then the metadata — the stock keys (`engine_name`, `image`/`server`, `encryption`) beside
 * ours. The metadata is written last, after the data is stored and `verify` passed: until then the
 * point is listed by neither agent (both list metadata/), and a failure removes what was stored.
 */
export async function writeStockCloudPoint(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  prepared: PreparedSource,
  cloud: StockCloudSource,
): Promise<BackupOutcome> {
  if (prepared.source.kind !== 'stream') throw new AgentError(`${cloud.engine}: no image stream to store`);
  const input = prepared.source.input;
  const identity = identityOf(o.hostname, o.backupName as string);
  const startedMs = Date.now();
  const newest = (await listCloudPoints(storage, cloud.engine, identity, cloud.resource))[0];
  // cinder: `<volume>/<ts>/` is shared by every backup name (and the stock agent) of that volume.
  const shared =
    cloud.engine === 'cinder'
      ? (await listStockCinderPoints(storage, identity, cloud.resource))[0]
      : undefined;
  const after = Math.max(newest?.timestamp ?? 0, shared?.timestamp ?? 0);
  const timestamp = Math.max(Math.floor(startedMs / 1000), after + 1);
  const point: StockCloudPoint = {
    engine: cloud.engine,
    identity,
    resource: cloud.resource,
    levelZeroTs: timestamp,
    level: 0,
    timestamp,
  };
  const where = `${identity}/${cloud.resource}`;
  log.info(`backup ${where} (${cloud.engine}, the stock agent's tree): level 0 to ${storage.name}`);
  const codec: EncodeOptions = {
    compression: 'none',
    encryption: o.encryption,
    passphrase: await readPassphrase(o.encryptPassFile),
    segmentSize: o.maxSegmentSize,
  };
  try {
    const { segments, summary } = encode(input.stream, codec);
    if (o.dryRun) for await (const segment of segments) void segment;
    else await storage.putSegmented(cloudDataPath(point), segments);
    const data = await summary;
    await prepared.verify?.();
    if (cloud.length !== null && cloud.length !== data.rawBytes)
      throw new AgentError(`${where}: read ${data.rawBytes} bytes, the image has ${cloud.length}`);
    const endedMs = Date.now();
    const record: BackupRecord = {
      engine_name: cloud.engine,
      ...cloud.described,
      compression: 'none',
      encryption: o.encryption !== 'none',
      format_version: 1,
      mode: o.modes.mode,
      data_format: input.format,
      data_source: input.describe,
      backup_uuid: `${where}/${point.levelZeroTs}/0_${point.timestamp}`,
      hostname: o.hostname,
      backup_name: o.backupName,
      level: 0,
      level_zero_timestamp: point.levelZeroTs,
      timestamp: point.timestamp,
      encryption_format: o.encryption,
      stream: data.params,
      segments: data.segments,
      bytes_read: data.rawBytes,
      bytes_stored: data.storedBytes,
      files: 1,
      time_started: Math.floor(startedMs / 1000),
      time_ended: Math.floor(endedMs / 1000),
      duration_s: (endedMs - startedMs) / 1000,
    };
    if (!o.dryRun) {
      // The stock writes the length as a string and reads the first line of each file as JSON.
      const engineMetadata = { ...cloud.engineMetadata, [lengthKey(cloud.engine)]: String(data.rawBytes) };
      await storage.putObject(cloudEngineMetadataPath(point), json(engineMetadata));
      await storage.putObject(cloudMetadataPath(point), encodeRecord(record));
    }
    log.info(`backup ${where}: ${data.rawBytes} bytes stored as ${data.storedBytes}`);
    return { point: reportedPoint(point), record, reason: 'level 0', dryRun: o.dryRun, catalog: false };
  } catch (err) {
    if (!o.dryRun) {
      await storage.remove(cloudMetadataPrefix(point)).catch(() => undefined);
      await storage.remove(cloudDataPrefix(point)).catch(() => undefined);
    }
    throw err;
  }
}
