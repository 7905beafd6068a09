import { DeltaError } from './errors.js';

/**
 * Pulls exact byte counts out of a chunked stream. Reads inside one chunk are views; a read that spans
 * chunks copies just its own bytes (copying the leftover plus the whole next chunk, as this once did,
 * moved every byte of a restore through an extra copy when framing and chunk edges did not line up).
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator =
      Symbol.asyncIterator in source
        ? source[Symbol.asyncIterator]()
        : fromSync(source)[Symbol.asyncIterator]();
  }

  /** Makes the next non-empty chunk current (the current one must be used up); false at the end. */
  private async more(): Promise<boolean> {
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      if (next.value.length === 0) continue;
      this.chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
      this.offset = 0;
      return true;
    }
    return false;
  }

  /** True at a clean end of stream (nothing buffered, nothing more to come). */
  async atEnd(): Promise<boolean> {
    if (this.offset < this.chunk.length) return false;
    return !(await this.more());
  }

  async byte(what: string): Promise<number> {
    if (this.offset >= this.chunk.length && !(await this.more()))
      throw new DeltaError('truncated', `${what}: the stream ends early`);
    return this.chunk[this.offset++] as number;
  }

  /** Exactly `n` bytes (the returned view is only valid until the next call). */
  async exact(n: number, what: string): Promise<Buffer> {
    if (this.chunk.length - this.offset >= n) {
      const out = this.chunk.subarray(this.offset, this.offset + n);
      this.offset += n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      if (this.offset >= this.chunk.length && !(await this.more()))
        throw new DeltaError('truncated', `${what}: the stream ends early`);
      const take = Math.min(n - filled, this.chunk.length - this.offset);
      this.chunk.copy(out, filled, this.offset, this.offset + take);
      this.offset += take;
      filled += take;
    }
    return out;
  }

  /** Up to `max` bytes (at least 1), without copying; throws at end of stream. */
  async some(max: number, what: string): Promise<Buffer> {
    if (this.offset >= this.chunk.length && !(await this.more()))
      throw new DeltaError('truncated', `${what}: the stream ends early`);
    const n = Math.min(max, this.chunk.length - this.offset);
    const out = this.chunk.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  async varint(what: string): Promise<number> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = await this.byte(what);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 0x80;
    }
    throw new DeltaError('corrupt', `${what}: number too long`);
  }
}

async function* fromSync(source: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}
