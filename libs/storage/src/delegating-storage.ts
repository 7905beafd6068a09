import type { BackupStorage, ObjectEntry, SegmentedWriteResult, StorageKind } from './storage.js';

/**
 * A storage that hands every call to `inner`: the base of wrappers (throttling, counting bytes read),
 * which override only the calls they change.
 */
export class DelegatingStorage implements BackupStorage {
  readonly name: string;
  readonly kind: StorageKind;
  readonly segmentsHeld: number | undefined;

  constructor(protected readonly inner: BackupStorage) {
    this.name = inner.name;
    this.kind = inner.kind;
    // A wrapper delays or counts what passes through; it holds no segment of its own.
    this.segmentsHeld = inner.segmentsHeld;
  }

  putObject(path: string, data: Uint8Array): Promise<void> {
    return this.inner.putObject(path, data);
  }

  getObject(path: string): Promise<Uint8Array> {
    return this.inner.getObject(path);
  }

  putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    return this.inner.putSegmented(path, segments);
  }

  getSegmented(path: string): AsyncIterable<Uint8Array> {
    return this.inner.getSegmented(path);
  }

  readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    return this.inner.readRange(path, start, end);
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
