import {
  StorageError,
  type BackupStorage,
  type ObjectEntry,
  type SegmentedWriteResult,
} from '../../storage.js';
import { SegmentChannel } from './segment-channel.js';

export interface NamedStorage {
  name: string;
  storage: BackupStorage;
}

/** Segments buffered per storage: one in flight in the driver, one waiting. */
const PER_STORAGE_BUFFER = 1;

/** Re-labels a part's failure so the message says which `[storage:NAME]` broke. */
export function partError(part: { name: string }, err: unknown): StorageError {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof StorageError ? err.code : 'io';
  return new StorageError(`storage '${part.name}'`, code, message, { cause: err });
}

/**
 * Several storages at once (seed: "Parallel backup"). Writes go to all of them concurrently and succeed
 * only if every one succeeds; reads are served by the first storage that has the object.
 */
export class MultipleStorage implements BackupStorage {
  readonly kind = 'multiple' as const;
  readonly name: string;

  constructor(private readonly parts: NamedStorage[]) {
    if (parts.length === 0) throw new StorageError('multiple', 'config', 'no storages given');
    this.name = `multiple(${parts.map((p) => p.name).join(',')})`;
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    await this.everywhere((part) => part.storage.putObject(path, data));
  }

  async putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    const channels = this.parts.map(() => new SegmentChannel(PER_STORAGE_BUFFER));
    let firstFailure: StorageError | undefined;
    const abortAll = (reason: unknown): void => channels.forEach((c) => c.abort(reason));

    const uploads = this.parts.map((part, i) =>
      part.storage.putSegmented(path, channels[i]!).catch((err: unknown) => {
        const wrapped = partError(part, err);
        if (!firstFailure) {
          firstFailure = wrapped;
          abortAll(new StorageError(`storage '${part.name}'`, 'interrupted', 'another storage failed'));
        }
        throw wrapped;
      }),
    );

    let sourceError: unknown;
    let bytes = 0;
    let count = 0;
    try {
      for await (const segment of segments) {
        if (firstFailure) break;
        // Every channel must accept the segment before the next is pulled: the slowest sets the pace.
        await Promise.all(channels.map((c) => c.push(segment)));
        bytes += segment.byteLength;
        count += 1;
      }
    } catch (err) {
      sourceError = err;
      abortAll(err);
    }
    if (!sourceError && !firstFailure) channels.forEach((c) => c.close());

    const results = await Promise.allSettled(uploads);
    if (sourceError !== undefined) throw sourceError;
    if (firstFailure) throw firstFailure;
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    return { bytes, segments: count };
  }

  async getObject(path: string): Promise<Uint8Array> {
    return this.first((s) => s.getObject(path), path);
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    let lastError: unknown;
    for (const part of this.parts) {
      const iterator = part.storage.getSegmented(path)[Symbol.asyncIterator]();
      let first: IteratorResult<Uint8Array>;
      try {
        first = await iterator.next();
      } catch (err) {
        // Nothing was handed out yet, so another copy can still serve the whole stream.
        lastError = err;
        continue;
      }
      if (first.done) return;
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    }
    throw this.noneHad(path, lastError);
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    return this.first((s) => s.readRange(path, start, end), path);
  }

  /** The union over every reachable storage (a copy missing somewhere is still listed). */
  async list(prefix: string): Promise<ObjectEntry[]> {
    const results = await Promise.allSettled(this.parts.map((p) => p.storage.list(prefix)));
    const merged = new Map<string, ObjectEntry>();
    let failure: unknown;
    results.forEach((r, i) => {
      if (r.status === 'rejected') failure ??= partError(this.parts[i]!, r.reason);
      else for (const e of r.value) if (!merged.has(e.path)) merged.set(e.path, e);
    });
    if (failure && merged.size === 0 && results.every((r) => r.status === 'rejected')) throw failure;
    return [...merged.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(prefix: string): Promise<void> {
    await this.everywhere((part) => part.storage.remove(prefix));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.parts.map((p) => p.storage.close()));
  }

  private async everywhere(op: (part: NamedStorage) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.parts.map(op));
    results.forEach((r, i) => {
      if (r.status === 'rejected') throw partError(this.parts[i]!, r.reason);
    });
  }

  private async first<T>(op: (s: BackupStorage) => Promise<T>, path: string): Promise<T> {
    let lastError: unknown;
    for (const part of this.parts) {
      try {
        return await op(part.storage);
      } catch (err) {
        lastError = err;
      }
    }
    throw this.noneHad(path, lastError);
  }

  private noneHad(path: string, lastError: unknown): StorageError {
    const allMissing = lastError instanceof StorageError && lastError.code === 'not-found';
    return new StorageError(
      this.name,
      allMissing ? 'not-found' : 'io',
      `'${path}' is not readable from any storage${lastError instanceof Error ? ` (last: ${lastError.message})` : ''}`,
      { cause: lastError },
    );
  }
}
