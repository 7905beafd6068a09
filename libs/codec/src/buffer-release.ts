import { runInNewContext } from 'node:vm';
import { types } from 'node:util';
import { setFlagsFromString } from 'node:v8';

/**
 * Frees a dead buffer's memory now instead of at V8's next collection.
 *
 * Per-block outputs of node:crypto and the zstd binding, and the chunks read from a pipe, are fresh
 * buffers that neither API lets us replace with reused memory. V8 frees such "external" memory only
 * when it collects, which external growth triggers every ~64 MB: that garbage was most of the agent's
 * peak above Node itself. Detaching the ArrayBuffer (`ArrayBuffer.prototype.transfer(0)`) drops its
 * backing store at once. Node 20 ships `transfer` behind a harmony flag that only takes effect in
 * contexts made after it is set, so the method is taken from a fresh `vm` context; it works on this
 * context's ArrayBuffers alike (one isolate). Where neither exists, release does nothing and V8's
 * collector frees the buffer as before.
 */
type Transfer = (this: ArrayBuffer, length?: number) => ArrayBuffer;

function findTransfer(): Transfer | undefined {
  const own = (ArrayBuffer.prototype as { transfer?: Transfer }).transfer;
  if (typeof own === 'function') return own;
  try {
    setFlagsFromString('--harmony-rab-gsab-transfer');
    const fresh: unknown = runInNewContext('ArrayBuffer.prototype.transfer');
    return typeof fresh === 'function' ? (fresh as Transfer) : undefined;
  } catch {
    return undefined;
  }
}

const transfer = findTransfer();

/** Smaller buffers may be slices of Node's shared 8 KiB pool; they are not worth freeing early anyway. */
const MIN_RELEASE_BYTES = 16 * 1024;

/** True when release() really frees memory in this process (tests and measurements say which ran). */
export const releaseFrees = transfer !== undefined;

/**
 * Frees `buf`'s memory if `buf` spans its whole, unshared ArrayBuffer; otherwise does nothing. After it,
 * `buf` (and any view of the same memory) has length 0. Call it only on a buffer nothing else reads,
 * including native code on the thread pool and pending stream writes.
 */
export function releaseBuffer(buf: Uint8Array): void {
  if (transfer === undefined || buf.byteLength < MIN_RELEASE_BYTES || buf.byteOffset !== 0) return;
  const memory = buf.buffer;
  // Not instanceof: a moved buffer's ArrayBuffer comes from the vm context's realm (moveBuffer).
  if (!types.isArrayBuffer(memory) || memory.byteLength !== buf.byteLength) return;
  transfer.call(memory, 0);
}

/**
 * Moves the memory under `buf` (all of its ArrayBuffer) to a new ArrayBuffer without copying, and
 * returns a Buffer over all of it: a pool takes a block back this way, so a consumer still holding a
 * view of the block it was lent sees length 0 instead of the next block's bytes. undefined where
 * `transfer` is missing or the memory is shared.
 */
export function moveBuffer(buf: Uint8Array): Buffer | undefined {
  const memory = buf.buffer;
  if (transfer === undefined || !types.isArrayBuffer(memory)) return undefined;
  return Buffer.from(transfer.call(memory));
}
