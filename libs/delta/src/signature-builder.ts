import { ContentDigest } from './content-digest.js';
import {
  BLOCK_TAG,
  END_RECORD_BYTES,
  END_TAG,
  SHORT_RECORD_BYTES,
  SHORT_TAG,
  signatureHeader,
} from './signature-format.js';
import { STRONG_BYTES, strongHash } from './strong-hash.js';
import { weakHash } from './weak-hash.js';

/** Records are gathered in a buffer of up to this size before being handed out. */
const OUT_BYTES = 64 * 1024;
/**
 * The gathering buffer starts this small (a slice of Node's shared pool) and grows as records come: a
 * tree holds thousands of files whose whole signature is a few hundred bytes, and a fresh 64 KiB
 * buffer for each, alive until a full collection, was most of a backup's malloc heap.
 */
const FIRST_OUT_BYTES = 1024;

/**
 * Builds a file's signature as its bytes stream by (push chunks of any size: a block ends every block
 * size bytes), and the file's content digest from the same block hashes. The delta encoder also ends
 * blocks early (`cut`) and takes over a parent's block without hashing it (`inherit`) where data did
 * not change. Finished records collect inside; `take()` hands them out, so memory stays at what was
 * produced since the last take.
 */
export class SignatureBuilder {
  private readonly pending: Buffer;
  private filled = 0;
  private readonly content: ContentDigest;
  private out = Buffer.allocUnsafe(FIRST_OUT_BYTES);
  private outFilled = 0;
  private readonly done: Buffer[] = [];
  private fileDigest?: Buffer;

  constructor(readonly blockSize: number) {
    if (blockSize < 1) throw new RangeError('signature block size must be at least 1');
    // Unpooled: 4-byte aligned, so the weak hash can take its fast path on the pending block.
    this.pending = Buffer.allocUnsafeSlow(blockSize);
    this.content = new ContentDigest(blockSize);
    this.emit(signatureHeader(blockSize, STRONG_BYTES));
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
      this.filled = 0;
      this.record(weakHash(this.pending, 0, bs), strongHash(this.pending, 0, bs), bs);
    }
    // Whole blocks straight from the chunk, without copying them.
    for (; chunk.length - offset >= bs; offset += bs)
      this.record(weakHash(chunk, offset, bs), strongHash(chunk, offset, bs), bs);
    if (offset < chunk.length) {
      this.pending.set(chunk.subarray(offset), 0);
      this.filled = chunk.length - offset;
    }
  }

  /** Ends the current block here, short (nothing happens at a block boundary). */
  cut(): void {
    if (this.filled === 0) return;
    const length = this.filled;
    this.filled = 0;
    this.record(weakHash(this.pending, 0, length), strongHash(this.pending, 0, length), length);
  }

  /** The next `length` bytes are byte-identical to a block whose record is (`weak`, `strong`). */
  inherit(weak: number, strong: Uint8Array, length: number): void {
    if (this.filled !== 0) throw new Error('SignatureBuilder.inherit inside a block: cut() first');
    this.record(weak, strong, length);
  }

  /** Records finished since the last call (possibly empty). */
  take(): Buffer {
    this.flushOut();
    const pieces = this.done.splice(0, this.done.length);
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  /** Ends the signature: the last (short) block and the end record; `take()` then returns the rest. */
  finish(): void {
    this.cut();
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
    if (this.out.length - this.outFilled < SHORT_RECORD_BYTES) this.makeRoom();
    const out = this.out;
    let at = this.outFilled;
    if (length === this.blockSize) {
      out[at] = BLOCK_TAG;
      at += 1;
    } else {
      out[at] = SHORT_TAG;
      out.writeUInt32BE(length, at + 1);
      at += 5;
    }
    out.writeUInt32BE(weak, at);
    out.set(strong.subarray(0, STRONG_BYTES), at + 4);
    this.outFilled = at + 4 + STRONG_BYTES;
    this.content.addBlock(strong, length);
  }

  private emit(bytes: Buffer): void {
    this.flushOut();
    this.done.push(bytes);
  }

  private makeRoom(): void {
    if (this.out.length >= OUT_BYTES) {
      this.flushOut();
      return;
    }
    const bigger = Buffer.allocUnsafe(Math.min(OUT_BYTES, this.out.length * 4));
    this.out.copy(bigger, 0, 0, this.outFilled);
    this.out = bigger;
  }

  private flushOut(): void {
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
