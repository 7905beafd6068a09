// The one interface every storage backend implements. The backup engine only ever talks to this.
// Paths are '/'-separated and relative to the storage root (the "container"), e.g.
//   metadata/tar/<host>_<name>/<L0ts>/<level>_<ts>/metadata
//   data/tar/<host>_<name>/<L0ts>/<level>_<ts>/data
// so the on-storage layout is the stock freezer-agent's on every backend.

export type StorageKind = 'local' | 'ssh' | 's3' | 'swift' | 'multiple';

export interface ObjectEntry {
  /** Path relative to the storage root. */
  path: string;
  /** Size in bytes of the stored object (for segmented data: the sum of its segments). */
  size: number;
}

export interface SegmentedWriteResult {
  bytes: number;
  segments: number;
}

export interface BackupStorage {
  /** Identity used in every message, e.g. `local:/srv/backups`, `s3:bucket@127.0.0.1:8080`. */
  readonly name: string;
  readonly kind: StorageKind;
  /**
   * How many earlier segments putSegmented may still read when it pulls the next one (local: none, it
   * writes each before asking for the next). Absent: any number, so the producer must never reuse a
   * segment's memory.
   */
  readonly segmentsHeld?: number;

  /**
   * Store a small object whole (metadata, engine metadata). Atomic: a reader sees either nothing /
   * the previous object, or the complete new one.
   */
  putObject(path: string, data: Uint8Array): Promise<void>;

  /** Read a small object whole. Throws StorageError with code 'not-found' when absent. */
  getObject(path: string): Promise<Uint8Array>;

  /**
   * Stream a backup's data, segment by segment. The driver maps segments to its native form
   * (local/ssh: one file; swift: segment objects plus a manifest written last; s3: one multipart part
   * per segment). Backpressure: the next segment is pulled only when the driver can take it.
   * Nothing is visible at `path` (nor returned by `list`) until every segment is stored; on failure the
   * partial data is removed (s3: the multipart upload is aborted) and the error is rethrown.
   */
  putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult>;

  /** Read back what putSegmented stored, as one byte stream (segment boundaries are not kept). */
  getSegmented(path: string): AsyncIterable<Uint8Array>;

  /**
   * Bytes [start, end) of what putSegmented (or putObject) stored, as one buffer: a ranged read, so a
   * restore of a few files fetches only the segments' bytes that hold them. `end` past the object's
   * end is clamped; a range starting at or past it yields an empty buffer. Not-found as getSegmented.
   */
  readRange(path: string, start: number, end: number): Promise<Uint8Array>;

  /** Every complete object at or below `prefix` (recursive), never temporaries. */
  list(prefix: string): Promise<ObjectEntry[]>;

  /** Remove every object at or below `prefix`. Removing what is not there is not an error. */
  remove(prefix: string): Promise<void>;

  /** Release connections. */
  close(): Promise<void>;
}

export type StorageErrorCode =
  'not-found' | 'auth' | 'host-key' | 'unreachable' | 'io' | 'config' | 'interrupted';

/** The only error type drivers throw: `storage` names the backend so multi-storage failures say which. */
export class StorageError extends Error {
  constructor(
    readonly storage: string,
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${storage}: ${message}`, options);
    this.name = 'StorageError';
  }
}
