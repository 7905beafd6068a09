import type { BackupStorage, ObjectEntry, SegmentedWriteResult, StorageKind } from '@freezer/storage';

/** Counts every byte read from a storage, so a restore can report how much of a backup it fetched. */
export class CountingStorage implements BackupStorage {
  readonly name: string;
  readonly kind: StorageKind;
  bytesRead = 0;

  constructor(private readonly inner: BackupStorage) {
    this.name = inner.name;
    this.kind = inner.kind;
  }

  putObject(path: string, data: Uint8Array): Promise<void> {
    return this.inner.putObject(path, data);
  }

  async getObject(path: string): Promise<Uint8Array> {
    const data = await this.inner.getObject(path);
    this.bytesRead += data.byteLength;
    return data;
  }

  putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    return this.inner.putSegmented(path, segments);
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    for await (const chunk of this.inner.getSegmented(path)) {
      this.bytesRead += chunk.byteLength;
      yield chunk;
    }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const data = await this.inner.readRange(path, start, end);
    this.bytesRead += data.byteLength;
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
