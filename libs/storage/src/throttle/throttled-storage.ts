import type { TransferLimits } from '../config.js';
import type { BackupStorage, ObjectEntry, SegmentedWriteResult, StorageKind } from '../storage.js';
import { TokenBucket } from './token-bucket.js';

async function* paced(source: AsyncIterable<Uint8Array>, bucket: TokenBucket): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    await bucket.take(chunk.byteLength);
    yield chunk;
  }
}

/** Applies TransferLimits to any driver, so every backend honours --upload-limit/--download-limit. */
export class ThrottledStorage implements BackupStorage {
  readonly name: string;
  readonly kind: StorageKind;
  readonly segmentsHeld: number | undefined;
  private readonly up: TokenBucket | undefined;
  private readonly down: TokenBucket | undefined;

  constructor(
    private readonly inner: BackupStorage,
    limits: TransferLimits,
  ) {
    this.name = inner.name;
    this.kind = inner.kind;
    // Pacing only delays a segment before passing it on: it holds none of its own.
    this.segmentsHeld = inner.segmentsHeld;
    this.up = limits.uploadBytesPerSec ? new TokenBucket(limits.uploadBytesPerSec) : undefined;
    this.down = limits.downloadBytesPerSec ? new TokenBucket(limits.downloadBytesPerSec) : undefined;
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    await this.up?.take(data.byteLength);
    await this.inner.putObject(path, data);
  }

  async getObject(path: string): Promise<Uint8Array> {
    const data = await this.inner.getObject(path);
    await this.down?.take(data.byteLength);
    return data;
  }

  putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    return this.inner.putSegmented(path, this.up ? paced(segments, this.up) : segments);
  }

  getSegmented(path: string): AsyncIterable<Uint8Array> {
    const source = this.inner.getSegmented(path);
    return this.down ? paced(source, this.down) : source;
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const data = await this.inner.readRange(path, start, end);
    await this.down?.take(data.byteLength);
    return data;
  }

  list(prefix: string): Promise<ObjectEntry[]> {
    return this.inner.list(prefix);
  }

  remove(prefix: string): Promise<void> {
    return this.inner.remove(prefix);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function withLimits(storage: BackupStorage, limits?: TransferLimits): BackupStorage {
  if (!limits || (!limits.uploadBytesPerSec && !limits.downloadBytesPerSec)) return storage;
  return new ThrottledStorage(storage, limits);
}
