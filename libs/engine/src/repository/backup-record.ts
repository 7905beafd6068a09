import {
  parseStreamParams,
  stockStreamParams,
  type CompressionName,
  type EncodeSummary,
  type SegmentDigest,
  type StreamParams,
} from '@freezer/codec';
import { AgentError } from '../errors.js';
import { ENGINE_NAMES, STOCK_ENGINE, type EngineName, type PointId } from './layout.js';
import type { StreamFormat } from '../modes/mode.js';
import type { StockCloudEngine } from '../modes/stock-cloud-layout.js';
import type { EncryptionChoice } from '../agent-options.js';
import type { CatalogRecordPart } from './point-catalog.js';

/**
 * The `metadata` object of one restore point. The first three keys are the stock agent's (it reads
 * `compression` and `encryption` on restore); the rest are ours and absent in stock backups. An engine
 * adds its own keys beside these (the tar engine `engine_metadata`, the rsync engine `rsync`); only that
 * engine reads them.
 */
export interface BackupRecord {
  /** glance and nova: a point of the stock tree of those engines (modes/stock-cloud-layout.ts). */
  engine_name: EngineName | StockCloudEngine;
  compression: CompressionName;
  encryption: boolean;
  format_version?: 1;
  /** --mode of the backup (absent in stock and older backups: fs). */
  mode?: string;
  /** What `data` holds: a GNU tar archive, or a database dump only its mode restores (modes/mode.ts). */
  data_format?: 'tar' | StreamFormat;
  /** What the dump was of (the database file's name, the database). */
  data_source?: string;
  backup_uuid?: string;
  hostname?: string;
  backup_name?: string;
  level?: number;
  level_zero_timestamp?: number;
  timestamp?: number;
  encryption_format?: EncryptionChoice;
  stream?: StreamParams;
  segments?: SegmentDigest[];
  bytes_read?: number;
  bytes_stored?: number;
  files?: number;
  time_started?: number;
  time_ended?: number;
  duration_s?: number;
  /** The point's file catalog object and how it is encoded (absent: made without a catalog). */
  catalog?: CatalogRecordPart;
}

/** What the record says about how the point was made, the same for every engine. */
export interface RecordSettings {
  hostname: string;
  backupName: string;
  compression: CompressionName;
  encryption: EncryptionChoice;
  mode: string;
}

/** The keys every engine writes the same way: identity, level, codec stream and timing. */
export function commonRecordFields(
  o: RecordSettings,
  point: PointId,
  data: EncodeSummary,
  startedMs: number,
  endedMs: number,
) {
  return {
    compression: o.compression,
    encryption: o.encryption !== 'none',
    format_version: 1 as const,
    mode: o.mode,
    backup_uuid: `${point.identity}/${point.levelZeroTs}/${point.level}_${point.timestamp}`,
    hostname: o.hostname,
    backup_name: o.backupName,
    level: point.level,
    level_zero_timestamp: point.levelZeroTs,
    timestamp: point.timestamp,
    encryption_format: o.encryption,
    stream: data.params,
    segments: data.segments,
    time_started: Math.floor(startedMs / 1000),
    time_ended: Math.floor(endedMs / 1000),
    duration_s: (endedMs - startedMs) / 1000,
  };
}

export function encodeRecord(record: BackupRecord): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(record)}\n`);
}

/** Parses a stored `metadata` object, ours or the stock agent's. */
export function decodeRecord(bytes: Uint8Array, where: string): BackupRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AgentError(`${where}: the backup metadata is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null)
    throw new AgentError(`${where}: the backup metadata is not an object`);
  const record = value as Partial<BackupRecord>;
  const engine = record.engine_name ?? STOCK_ENGINE;
  if (!(ENGINE_NAMES as readonly string[]).includes(engine)) {
    throw new AgentError(
      `${where}: engine "${String(engine)}" is not supported (only ${ENGINE_NAMES.join(' and ')})`,
    );
  }
  const compression = (record.compression ?? 'gzip') as CompressionName;
  if (!['none', 'gzip', 'bzip2', 'xz', 'zstd'].includes(compression)) {
    throw new AgentError(`${where}: unknown compression "${String(compression)}"`);
  }
  return {
    ...record,
    engine_name: engine,
    compression,
    encryption: record.encryption === true,
  } as BackupRecord;
}

/** What decode needs: our stored params, or the stock agent's implicit format. */
export function streamParamsOf(record: BackupRecord, where: string): StreamParams {
  if (record.stream) {
    try {
      return parseStreamParams(record.stream);
    } catch (err) {
      throw new AgentError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (record.compression === 'zstd' || record.compression === 'none') {
    throw new AgentError(`${where}: ${record.compression} backup without stream parameters`);
  }
  return stockStreamParams(record.compression, record.encryption);
}
