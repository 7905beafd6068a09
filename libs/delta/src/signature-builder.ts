import { createHash, type Hash } from 'node:crypto';
import {
  BLOCK_RECORD_BYTES,
  BLOCK_TAG,
  END_RECORD_BYTES,
  END_TAG,
  signatureHeader,
} from './signature-format.js';
import { STRONG_BYTES, strongHash } from './strong-hash.js';
import { weakHash } from './weak-hash.js';

/**
 * Builds a file's signature from its bytes as they stream by (push chunks of any size). Output comes out
 * in pieces as blocks complete, so a caller can write it on while reading the file only once.
 */
export class SignatureBuilder {
  private readonly pending: Buffer;
  private filled = 0;
  private readonly whole: Hash = createHash('sha256');
  private headerSent = false;
  private total = 0;
  private fileDigest?: Buffer;

  constructor(readonly blockSize: number) {
    this.pending = Buffer.allocUnsafe(blockSize);
  }

  /** Signature bytes completed by this chunk (possibly empty). */
  push(chunk: Uint8Array): Buffer {
    this.whole.update(chunk);
    this.total += chunk.length;
    const out: Buffer[] = [];
    if (!this.headerSent) {
      out.push(signatureHeader(this.blockSize, STRONG_BYTES));
      this.headerSent = true;
    }
    let offset = 0;
    if (this.filled > 0) {
      const take = Math.min(chunk.length, this.blockSize - this.filled);
      this.pending.set(chunk.subarray(0, take), this.filled);
      this.filled += take;
      offset = take;
      if (this.filled === this.blockSize) {
        out.push(blockRecord(this.pending, 0, this.blockSize));
        this.filled = 0;
      }
    }
    // Whole blocks straight from the chunk, without copying them.
    while (chunk.length - offset >= this.blockSize) {
      out.push(blockRecord(chunk, offset, this.blockSize));
      offset += this.blockSize;
    }
    if (offset < chunk.length) {
      this.pending.set(chunk.subarray(offset), this.filled);
      this.filled += chunk.length - offset;
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** The last (short) block and the end record. */
  finish(): Buffer {
    const out: Buffer[] = [];
    if (!this.headerSent) out.push(signatureHeader(this.blockSize, STRONG_BYTES));
    if (this.filled > 0) out.push(blockRecord(this.pending, 0, this.filled));
    this.fileDigest = this.whole.digest();
    const end = Buffer.alloc(END_RECORD_BYTES);
    end[0] = END_TAG;
    end.writeBigUInt64BE(BigInt(this.total), 1);
    this.fileDigest.copy(end, 9);
    out.push(end);
    return Buffer.concat(out);
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.total;
  }

  /** SHA-256 of the whole file; available after finish(). */
  get digest(): Buffer {
    if (!this.fileDigest) throw new Error('SignatureBuilder.digest read before finish()');
    return this.fileDigest;
  }
}

function blockRecord(data: Uint8Array, start: number, length: number): Buffer {
  const record = Buffer.allocUnsafe(BLOCK_RECORD_BYTES);
  record[0] = BLOCK_TAG;
  record.writeUInt32BE(weakHash(data, start, length), 1);
  strongHash(data, start, length).copy(record, 5);
  return record;
}

/** Streams the signature of `input` (a file's bytes) at `blockSize`. */
export async function* signatureOf(
  input: AsyncIterable<Uint8Array>,
  blockSize: number,
): AsyncGenerator<Uint8Array> {
  const builder = new SignatureBuilder(blockSize);
  for await (const chunk of input) {
    const out = builder.push(chunk);
    if (out.length > 0) yield out;
  }
  yield builder.finish();
}
