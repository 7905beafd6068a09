import { types } from 'node:util';
import { releaseBuffer } from './buffer-release.js';

/**
 * Large buffers of streams that ended, kept for the next stream's buffers of the same size.
 *
 * Freeing a chunk glibc had mmap'ed raises glibc's mmap threshold to that chunk's size for the rest of
 * the process (up to 32 MiB). Once a 2 MiB block or an 8 MiB segment buffer has been freed, every later
 * buffer of that size comes from the brk heap instead, which fragments and is not given back: 10–20 MB
 * more resident over a backup or restore of several streams (its manifest, then its data, then the next
 * level). Handing them to the next stream instead keeps the threshold where the small chunks leave it.
 * Untouched pages of a parked buffer are not resident; a size is parked at most PER_SIZE times.
 */
const parked = new Map<number, Buffer[]>();
const PER_SIZE = 4;

/** A buffer of exactly `size` bytes: one a finished stream left, or fresh memory. */
export function takeBuffer(size: number): Buffer {
  return parked.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

/** Hands `buf` (a whole buffer from takeBuffer, nothing else reads it) to the next stream, or frees it. */
export function parkBuffer(buf: Buffer): void {
  const memory = buf.buffer;
  const list = parked.get(memory.byteLength) ?? [];
  if (list.length >= PER_SIZE || buf.byteOffset !== 0 || !types.isArrayBuffer(memory)) {
    releaseBuffer(buf);
    return;
  }
  list.push(Buffer.from(memory, 0, memory.byteLength));
  parked.set(memory.byteLength, list);
}
