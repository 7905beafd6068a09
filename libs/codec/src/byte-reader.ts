import { CodecError } from './errors.js';

/**
 * Pull exact byte counts out of a chunked stream without concatenating more than asked for.
 *
 * With `sourceReuses`, the source overwrites a chunk's memory once the next one is pulled (a segment
 * checked into one reused buffer): before pulling, the reader copies the bytes it still holds into a
 * scratch buffer of its own, and joins a read that spans chunks there too. A buffer returned by
 * readExact is then valid only until the next read.
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private scratch: Buffer | undefined;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly sourceReuses = false,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Moves the held bytes to the front of the scratch buffer (at least `n` long); memmove-safe. */
  private keepOwnCopy(n: number): void {
    const need = Math.max(n, this.buffered);
    const target = this.scratch && this.scratch.length >= need ? this.scratch : Buffer.allocUnsafeSlow(need);
    let filled = 0;
    for (const chunk of this.chunks) filled += chunk.copy(target, filled);
    this.scratch = target;
    this.chunks = filled > 0 ? [target.subarray(0, filled)] : [];
  }

  /** Buffer at least `n` bytes if the stream has them; returns how many are buffered. */
  private async fill(n: number): Promise<number> {
    while (this.buffered < n && !this.ended) {
      if (this.sourceReuses && this.chunks.length > 0) this.keepOwnCopy(n);
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      if (next.value.length === 0) continue;
      const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    return this.buffered;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    let out: Buffer;
    let filled = 0;
    if (this.sourceReuses) {
      // Join in the scratch buffer: the first piece moves to its front (it may already lie in it).
      const held = this.chunks.shift() as Buffer;
      const scratch = this.scratch && this.scratch.length >= n ? this.scratch : Buffer.allocUnsafeSlow(n);
      filled = held.copy(scratch, 0);
      this.scratch = scratch;
      out = scratch.subarray(0, n);
    } else {
      out = Buffer.allocUnsafe(n);
    }
    while (filled < n) {
      const chunk = this.chunks[0] as Buffer;
      const part = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, part);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.buffered -= n;
    return out;
  }

  /** Exactly `n` bytes; null at a clean end of stream; CodecError 'truncated' when it ends inside. */
  async readExact(n: number, what: string): Promise<Buffer | null> {
    const have = await this.fill(n);
    if (have === 0 && n > 0) return null;
    if (have < n) throw new CodecError('truncated', `stream ends inside ${what} (${have} of ${n} bytes)`);
    return this.take(n);
  }

  /** Up to `n` bytes without consuming them (fewer only at end of stream). */
  async peek(n: number): Promise<Buffer> {
    const have = await this.fill(n);
    const wanted = Math.min(n, have);
    const out = Buffer.allocUnsafe(wanted);
    let filled = 0;
    for (const chunk of this.chunks) {
      if (filled >= wanted) break;
      filled += chunk.copy(out, filled, 0, Math.min(chunk.length, wanted - filled));
    }
    return out;
  }

  async atEnd(): Promise<boolean> {
    return (await this.fill(1)) === 0;
  }

  /** Everything not yet read, chunk by chunk. */
  async *rest(): AsyncGenerator<Buffer> {
    while (this.chunks.length > 0) {
      const chunk = this.chunks.shift() as Buffer;
      this.buffered -= chunk.length;
      yield chunk;
    }
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      if (next.value.length > 0)
        yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    }
  }

  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }
}
