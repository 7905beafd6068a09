import { createHash, type Hash } from 'node:crypto';
import { STRONG_BYTES, strongHash } from './strong-hash.js';

const DOMAIN = Buffer.from('FRZBD2', 'latin1');
export const DIGEST_BYTES = 32;
const RECORD_BYTES = 4 + STRONG_BYTES;
/** Block records gathered before they go to the hash: one native call per 256 blocks, not two per block. */
const RECORDS_HELD = 256;

/**
 * The integrity digest of a file's content, defined over the blocks of its signature so that the
 * backup gets it for free from hashes it computes anyway (a whole-file SHA-256 cost a pass of its own):
 *
 *   blockSize > 0:  SHA-256("FRZBD2" ‖ u32 blockSize ‖ (u32 length ‖ strong(block))* ‖ u64 size)
 *   blockSize = 0:  SHA-256 of the content (small files, which have no signature)
 *
 * with strong() the signature's 16-byte truncated SHA-256. Blocks are `blockSize` bytes, except short
 * ones ended by `cut()` (the end of a changed range in a delta-built signature, and the file's end).
 * Any changed byte changes its block's strong hash and so the digest; restore recomputes it over the
 * rebuilt file and refuses a mismatch.
 */
export class ContentDigest {
  private readonly hash: Hash = createHash('sha256');
  /** The block being filled by `update`; made on first use (the signature builder only adds blocks). */
  private pending: Buffer | undefined;
  private records: Buffer | undefined;
  private recordsFilled = 0;
  private filled = 0;
  private total = 0;

  constructor(readonly blockSize: number) {
    if (blockSize > 0) {
      const head = Buffer.alloc(DOMAIN.length + 4);
      DOMAIN.copy(head);
      head.writeUInt32BE(blockSize, DOMAIN.length);
      this.hash.update(head);
    }
  }

  /** Content bytes, in order, in chunks of any size: a block ends every `blockSize` bytes. */
  update(chunk: Uint8Array): void {
    if (this.blockSize === 0) {
      this.hash.update(chunk);
      this.total += chunk.length;
      return;
    }
    const bs = this.blockSize;
    const pending = (this.pending ??= Buffer.allocUnsafeSlow(bs));
    let offset = 0;
    if (this.filled > 0) {
      const take = Math.min(chunk.length, bs - this.filled);
      pending.set(chunk.subarray(0, take), this.filled);
      this.filled += take;
      offset = take;
      if (this.filled < bs) return;
      this.filled = 0;
      this.addBlock(strongHash(pending, 0, bs), bs);
    }
    for (; chunk.length - offset >= bs; offset += bs) this.addBlock(strongHash(chunk, offset, bs), bs);
    if (offset < chunk.length) {
      pending.set(chunk.subarray(offset), 0);
      this.filled = chunk.length - offset;
    }
  }

  /** Ends the current block here, short (nothing happens at a block boundary). */
  cut(): void {
    if (!this.pending || this.filled === 0) return;
    const length = this.filled;
    this.filled = 0;
    this.addBlock(strongHash(this.pending, 0, length), length);
  }

  /** A whole block given by its strong hash, when the caller has it already (the signature builder). */
  addBlock(strong: Uint8Array, length: number): void {
    if (this.filled !== 0) throw new Error('ContentDigest.addBlock inside a block');
    const records = (this.records ??= Buffer.allocUnsafe(RECORD_BYTES * RECORDS_HELD));
    if (this.recordsFilled === records.length) this.flushRecords();
    records.writeUInt32BE(length, this.recordsFilled);
    records.set(strong.subarray(0, STRONG_BYTES), this.recordsFilled + 4);
    this.recordsFilled += RECORD_BYTES;
    this.total += length;
  }

  private flushRecords(): void {
    if (this.recordsFilled === 0) return;
    this.hash.update((this.records as Buffer).subarray(0, this.recordsFilled));
    this.recordsFilled = 0;
  }

  get size(): number {
    return this.total + this.filled;
  }

  digest(): Buffer {
    this.cut();
    this.flushRecords();
    if (this.blockSize > 0) {
      const size = Buffer.alloc(8);
      size.writeBigUInt64BE(BigInt(this.total));
      this.hash.update(size);
    }
    return this.hash.digest();
  }
}
