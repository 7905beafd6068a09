import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Files below this are read in place; larger ones through the thread pool, a read ahead of their use. */
export const IN_PLACE_BYTES = 1024 * 1024;

/** A file being backed up, read front to back. */
export interface SourceFile {
  /** The next bytes into `into` (fewer at the end; none after it). */
  read(into: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens `path` for reading. A small file costs three trips to the thread pool when read asynchronously
 * (open, read, close) — in a tree of small files those trips, queued behind the compression tasks on
 * the same pool, were most of the backup's time — while a synchronous read from the page cache takes
 * microseconds. GNU tar reads every file synchronously for the same reason.
 */
export async function openSource(path: Buffer, size: bigint): Promise<SourceFile> {
  if (size >= BigInt(IN_PLACE_BYTES)) {
    const handle = await open(path, 'r');
    return {
      read: async (into) => into.subarray(0, (await handle.read(into, 0, into.length, null)).bytesRead),
      close: () => handle.close(),
    };
  }
  const fd = openSync(path, 'r');
  return {
    read: (into) => {
      try {
        return Promise.resolve(into.subarray(0, readSync(fd, into, 0, into.length, null)));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },
    close: () => {
      closeSync(fd);
      return Promise.resolve();
    },
  };
}
