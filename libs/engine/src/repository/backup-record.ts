import {
  parseStreamParams,
  stockStreamParams,
  type CompressionName,
  type EncodeSummary,
  type SegmentDigest,
  type StreamParams,
} from '@freezer/codec';
import { AgentError } from '../errors.js';
import type { PointId } from './layout.js';
import type { StreamFormat } from '../modes/mode.js';
import type { AgentOptions } from '../agent-options.js';

/**
 * The `metadata` object of one restore point. The first three keys are the stock agent's (it reads
 * `compression` and `encryption` on restore); the rest are ours and absent in stock backups.
 */
export interface BackupRecord {
  engine_name: 'tar' | 'rsync';
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
  encryption_format?: 'none' | 'openssl' | 'aes-256-gcm';
  stream?: StreamParams;
  segments?: SegmentDigest[];
  /** The GNU tar snapshot stored beside the data; sealed (AES-256-GCM) when the backup is. */
  engine_metadata?: { sealed: boolean; bytes: number; sha256: string };
  /** --engine rsync: its manifest (engine metadata, a codec stream like `data`) and what the level holds. */
  rsync?: RsyncRecordPart;
  bytes_read?: number;
  bytes_stored?: number;
  files?: number;
  time_started?: number;
  time_ended?: number;
  duration_s?: number;
}

export interface RsyncRecordPart {
  manifest: { stream: StreamParams; segments: SegmentDigest[]; bytes: number; stored_bytes: number };
  /** Files stored whole / as deltas / not stored (unchanged since the parent level). */
  whole_files: number;
  delta_files: number;
  unchanged_files: number;
  /** Bytes of new data in the deltas, and bytes the deltas take from the previous version. */
  literal_bytes: number;
  copied_bytes: number;
}

/** The keys every engine writes the same way: identity, level, codec stream and timing. */
export function commonRecordFields(
  o: AgentOptions,
  point: PointId,
  data: EncodeSummary,
  startedMs: number,
  endedMs: number,
) {
  return {
    compression: o.compression,
    encryption: o.encryption !== 'none',
    format_version: 1 as const,
    mode: o.modes.mode,
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
  const engine = record.engine_name ?? 'tar';
  if (engine !== 'tar' && engine !== 'rsync') {
    throw new AgentError(`${where}: engine "${String(engine)}" is not supported (only tar and rsync)`);
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
