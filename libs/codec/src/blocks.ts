import { moveBuffer } from './buffer-release.js';
import { parkBuffer, takeBuffer } from './parked-buffers.js';

/**
 * Reuses block buffers: V8 collects large Buffers lazily, so allocating a fresh 2 MiB block each time
 * leaves tens of MiB of garbage resident. A block goes back to the pool once its task is done with it.
 */
export class BlockPool {
  private readonly free: Buffer[] = [];
  /** Memory this pool made: anything else handed to release() is left alone. */
  private readonly own = new WeakSet<ArrayBufferLike>();
  constructor(
    readonly blockSize: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    const reused = this.free.pop();
    if (reused) return reused;
    const block = takeBuffer(this.blockSize);
    this.own.add(block.buffer);
    return block;
  }

  /** Gives up the blocks held for reuse (the stream is done): the next stream's pool of the same size
   * takes them (parked-buffers.ts), so no block-sized memory is freed or left to a GC. */
  drain(): void {
    for (const block of this.free.splice(0)) parkBuffer(block);
  }

  /** True for a block (or a view of one) this pool made. */
  owns(block: Uint8Array): boolean {
    // Reading `.buffer` of an empty on-heap view gives it a null backing store (see crcFor): skip those.
    return block.byteLength > 0 && this.own.has(block.buffer);
  }

  /** Only call when nothing (including native compressors) still reads `block`. */
  release(block: Buffer): void {
    if (this.own.has(block.buffer) && this.free.length < this.keep) {
      const moved = moveBuffer(block) ?? Buffer.from(block.buffer, 0, this.blockSize);
      // The old ArrayBuffer is detached now: releasing a stale view of it again must be a no-op.
      this.own.delete(block.buffer);
      this.own.add(moved.buffer);
      this.free.push(moved);
    }
  }
}

export interface Block {
  data: Buffer;
  /** True for the last block only (it may be empty). */
  final: boolean;
}

/**
 * Regroup input chunks into blocks of exactly `blockSize` bytes. Full blocks are never final; the end of
 * input always produces one final block holding the remainder (possibly empty), so the consumer can mark
 * the end without looking ahead. Input bytes are copied: producers may reuse their buffers.
 */
export async function* toBlocks(
  input: AsyncIterable<Uint8Array>,
  pool: BlockPool,
  counter: { bytes: number },
): AsyncGenerator<Block> {
  const blockSize = pool.blockSize;
  let block = pool.take();
  let filled = 0;
  for await (const chunk of input) {
    counter.bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const part = Math.min(blockSize - filled, chunk.length - offset);
      block.set(chunk.subarray(offset, offset + part), filled);
      filled += part;
      offset += part;
      if (filled === blockSize) {
        yield { data: block, final: false };
        block = pool.take();
        filled = 0;
      }
    }
  }
  yield { data: block.subarray(0, filled), final: true };
}
