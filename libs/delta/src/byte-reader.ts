import { DeltaError } from './errors.js';

/** Pulls exact byte counts out of a chunked stream, copying only when a read spans chunks. */
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

  private async more(): Promise<boolean> {
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      if (next.value.length === 0) continue;
      const rest = this.chunk.subarray(this.offset);
      const incoming = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
      this.chunk = rest.length > 0 ? Buffer.concat([rest, incoming]) : incoming;
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
    while (this.chunk.length - this.offset < n) {
      if (!(await this.more())) throw new DeltaError('truncated', `${what}: the stream ends early`);
    }
    const out = this.chunk.subarray(this.offset, this.offset + n);
    this.offset += n;
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
