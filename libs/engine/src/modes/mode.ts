import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import type { ModeName } from './mode-names.js';
import type { StockCloudEngine } from './stock-cloud-layout.js';

/**
 * What is stored in `data`: a GNU tar archive (fs, mongo, mysql files method) or one application dump
 * that only its mode can restore. Recorded in the point's metadata so restore knows what it holds.
 */
export const STREAM_FORMATS = [
  'sqlite-db',
  'pg_dump-custom',
  'mysql-sql',
  'glance-image',
  'cinder-volume',
  'nova-instance',
] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

/** A dump to store instead of a tar archive; the iterable throws at its end if the dump failed. */
export interface StreamInput {
  format: StreamFormat;
  stream: AsyncIterable<Uint8Array>;
  /** What the dump is of, for the log and the report (a database name, a file). */
  describe: string;
}

/** What a mode gives the engine: a directory (or file) to tar, or a dump stream. */
export type ModeSource = { kind: 'path'; path: string } | { kind: 'stream'; input: StreamInput };

export interface PreparedSource {
  source: ModeSource;
  /** Called after the data is stored, before the point is committed: a throw discards the backup. */
  verify?(): Promise<void>;
  /** Always called once the backup ended, well or not: temp copies, locks, children go away. */
  release(): Promise<void>;
  /** An image's bytes stored in the stock agent's glance/nova tree (modes/stock-cloud-layout.ts). */
  stockCloud?: StockCloudSource;
}

/** What the stock agent's glance and nova engines record beside an image's bytes. */
export interface StockCloudSource {
  engine: StockCloudEngine;
  /** The image or instance id (a folder of the stock tree). */
  resource: string;
  /** The stock metadata's own key: `{ image: <Glance's image> }` or `{ server: <Nova's server> }`. */
  described: Record<string, unknown>;
  /** The stock engine_metadata without `length` (added from the bytes stored). */
  engineMetadata: Record<string, unknown>;
  /** The image's size as Glance says, checked against the bytes read (null: unknown). */
  length: number | null;
}

/** Application-consistent backup: quiesce/lock, take the consistent copy or dump, release. */
export interface BackupMode {
  readonly name: ModeName;
  prepare(o: AgentOptions, log: Logger): Promise<PreparedSource>;
}

/** Restores a stored dump of its format into the application named by the options. */
export interface StreamRestorer {
  readonly format: StreamFormat;
  /** `source` is what the dump was of (the recorded name), e.g. the database file's name. */
  restore(
    o: AgentOptions,
    data: AsyncIterable<Uint8Array>,
    log: Logger,
    source: string | undefined,
  ): Promise<{ target: string }>;
}
