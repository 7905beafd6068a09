import { ContentDigest } from './content-digest.js';
import {
  BLOCK_RECORD_BYTES,
  BLOCK_TAG,
  END_RECORD_BYTES,
  END_TAG,
  signatureHeader,
} from './signature-format.js';
import { STRONG_BYTES, strongHash } from './strong-hash.js';
import { weakHash } from './weak-hash.js';

/** Output is handed out in pieces of about this size, so a caller can write it on as it grows. */
const OUT_BYTES = 64 * 1024;

/**
 * Builds a file's signature as its bytes stream by (push chunks of any size), and the file's content
 * digest from the same block hashes. A block known to equal a block of the previous version (the delta
 * encoder found it at an aligned offset) is taken over with `inherit` instead of being hashed again.
 * Finished records collect inside; `take()` hands them out, so memory stays at what was produced
 * since the last take.
 */
export class SignatureBuilder {
  private readonly pending: Buffer;
  private filled = 0;
  private readonly content: ContentDigest;
  private readonly out = Buffer.allocUnsafe(OUT_BYTES);
  private outFilled = 0;
  private readonly done: Buffer[] = [];
  private fileDigest?: Buffer;

  constructor(readonly blockSize: number) {
    if (blockSize < 1) throw new RangeError('signature block size must be at least 1');
    // Unpooled: 4-byte aligned, so the weak hash can take the fast path on whole blocks.
    this.pending = Buffer.allocUnsafeSlow(blockSize);
    this.content = new ContentDigest(blockSize);
    this.emit(signatureHeader(blockSize, STRONG_BYTES));
  }

  /** True when the next byte starts a block (so a whole inherited block can follow). */
  get atBlockStart(): boolean {
    return this.filled === 0;
  }

  /** Bytes of the file seen so far. */
  get size(): number {
    return this.content.size + this.filled;
  }

  push(chunk: Uint8Array): void {
    const bs = this.blockSize;
    let offset = 0;
    if (this.filled > 0) {
      const take = Math.min(chunk.length, bs - this.filled);
      this.pending.set(chunk.subarray(0, take), this.filled);
      this.filled += take;
      offset = take;
      if (this.filled < bs) return;
      this.record(weakHash(this.pending, 0, bs), strongHash(this.pending, 0, bs), bs);
      this.filled = 0;
    }
    // Whole blocks straight from the chunk, without copying them.
    for (; chunk.length - offset >= bs; offset += bs)
      this.record(weakHash(chunk, offset, bs), strongHash(chunk, offset, bs), bs);
    if (offset < chunk.length) {
      this.pending.set(chunk.subarray(offset), 0);
      this.filled = chunk.length - offset;
    }
  }

  /** The next whole block is byte-identical to one whose record is (`weak`, `strong`). */
  inherit(weak: number, strong: Uint8Array): void {
    if (this.filled !== 0) throw new Error('SignatureBuilder.inherit called inside a block');
    this.record(weak, strong, this.blockSize);
  }

  /** Records finished since the last call (possibly empty). */
  take(): Buffer {
    this.cut();
    const pieces = this.done.splice(0, this.done.length);
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  /** Ends the signature: the last (short) block and the end record; `take()` then returns the rest. */
  finish(): void {
    if (this.filled > 0) {
      this.record(
        weakHash(this.pending, 0, this.filled),
        strongHash(this.pending, 0, this.filled),
        this.filled,
      );
      this.filled = 0;
    }
    const size = this.content.size;
    this.fileDigest = this.content.digest();
    const end = Buffer.alloc(END_RECORD_BYTES);
    end[0] = END_TAG;
    end.writeBigUInt64BE(BigInt(size), 1);
    this.fileDigest.copy(end, 9);
    this.emit(end);
  }

  /** The content digest of the whole file (see content-digest.ts); available after finish(). */
  get digest(): Buffer {
    if (!this.fileDigest) throw new Error('SignatureBuilder.digest read before finish()');
    return this.fileDigest;
  }

  private record(weak: number, strong: Uint8Array, length: number): void {
    if (OUT_BYTES - this.outFilled < BLOCK_RECORD_BYTES) this.cut();
    const out = this.out;
    const at = this.outFilled;
    out[at] = BLOCK_TAG;
    out.writeUInt32BE(weak, at + 1);
    out.set(strong.subarray(0, STRONG_BYTES), at + 5);
    this.outFilled += BLOCK_RECORD_BYTES;
    this.content.addBlock(strong, length);
  }

  private emit(bytes: Buffer): void {
    this.cut();
    this.done.push(bytes);
  }

  private cut(): void {
    if (this.outFilled === 0) return;
    this.done.push(Buffer.from(this.out.subarray(0, this.outFilled)));
    this.outFilled = 0;
  }
}

/** Streams the signature of `input` (a file's bytes) at `blockSize`. */
export async function* signatureOf(
  input: AsyncIterable<Uint8Array>,
  blockSize: number,
): AsyncGenerator<Uint8Array> {
  const builder = new SignatureBuilder(blockSize);
  for await (const chunk of input) {
    builder.push(chunk);
    const out = builder.take();
    if (out.length > 0) yield out;
  }
  builder.finish();
  yield builder.take();
}
