import type { TransferLimits } from '../config.js';
import { DelegatingStorage } from '../delegating-storage.js';
import type { BackupStorage, SegmentedWriteResult } from '../storage.js';
import { TokenBucket } from './token-bucket.js';

async function* paced(source: AsyncIterable<Uint8Array>, bucket: TokenBucket): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    await bucket.take(chunk.byteLength);
    yield chunk;
  }
}

/** Applies TransferLimits to any driver, so every backend honours --upload-limit/--download-limit. */
export class ThrottledStorage extends DelegatingStorage {
  private readonly up: TokenBucket | undefined;
  private readonly down: TokenBucket | undefined;

  constructor(inner: BackupStorage, limits: TransferLimits) {
    super(inner);
    this.up = limits.uploadBytesPerSec ? new TokenBucket(limits.uploadBytesPerSec) : undefined;
    this.down = limits.downloadBytesPerSec ? new TokenBucket(limits.downloadBytesPerSec) : undefined;
  }

  override async putObject(path: string, data: Uint8Array): Promise<void> {
    await this.up?.take(data.byteLength);
    await this.inner.putObject(path, data);
  }

  override async getObject(path: string): Promise<Uint8Array> {
    const data = await this.inner.getObject(path);
    await this.down?.take(data.byteLength);
    return data;
  }

  override putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    return this.inner.putSegmented(path, this.up ? paced(segments, this.up) : segments);
  }

  override getSegmented(path: string): AsyncIterable<Uint8Array> {
    const source = this.inner.getSegmented(path);
    return this.down ? paced(source, this.down) : source;
  }

  override async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const data = await this.inner.readRange(path, start, end);
    await this.down?.take(data.byteLength);
    return data;
  }
}

export function withLimits(storage: BackupStorage, limits?: TransferLimits): BackupStorage {
  if (!limits || (!limits.uploadBytesPerSec && !limits.downloadBytesPerSec)) return storage;
  return new ThrottledStorage(storage, limits);
}
