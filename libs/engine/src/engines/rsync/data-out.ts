import { releaseBuffer } from '@freezer/codec';

/** The stage's size: a tree of small files goes to the encoder in pieces of about this much. */
const STAGE_BYTES = 1024 * 1024;
/** Pieces up to this size are copied into the stage; larger ones are handed on as they are. */
const COPY_BYTES = 64 * 1024;

/**
 * The data stream's output side. Record headers, length prefixes, trailers, delta ops and whole small
 * files (read straight into it) are gathered in one buffer and handed to the encoder when it is full,
 * so a tree of small files costs a handful of pieces per megabyte instead of six or more per file,
 * each a trip through the generators and an allocation. It also knows the stream's raw position (what
 * was handed on plus what is staged), which the file catalog records for each stored file.
 *
 * The caller yields what `take()` returns before it stages more. With `reuse`, the consumer copies a
 * piece before it pulls the next one (the framed codec's block cutter does), so the same buffer is
 * filled again; otherwise (a zlib stream may queue what it is given) each handed stage is fresh memory.
 */
export class DataOut {
  private buffer = Buffer.allocUnsafeSlow(STAGE_BYTES);
  private filled = 0;
  private handed = 0;

  constructor(private readonly reuse: boolean) {}

  /** Raw bytes of the stream before the next one staged. */
  get position(): number {
    return this.handed + this.filled;
  }

  /** Bytes that can still be staged before a `take()`. */
  get room(): number {
    return this.buffer.length - this.filled;
  }

  /** True when `n` bytes do not fit: the caller yields `take()` first. */
  full(n: number): boolean {
    return this.filled > 0 && n > this.room;
  }

  /** The staged bytes, to be yielded now; the stage is empty afterwards. */
  take(): Buffer {
    const out = this.buffer.subarray(0, this.filled);
    this.handed += this.filled;
    this.filled = 0;
    if (!this.reuse) this.buffer = Buffer.allocUnsafeSlow(STAGE_BYTES);
    return out;
  }

  /** Copies `bytes` in (the caller made room with `full`/`take`). */
  put(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.filled);
    this.filled += bytes.length;
  }

  /** The free part of the stage from `skip` bytes on, at most `max` long: read into, then `commit`. */
  space(skip: number, max: number): Buffer {
    const from = this.filled + skip;
    return this.buffer.subarray(from, Math.min(this.buffer.length, from + max));
  }

  /** `n` bytes were written at the stage's end (through `space` or `writer`). */
  commit(n: number): void {
    this.filled += n;
  }

  /** The stage's buffer and its fill, for the format's writers (which then `commit`). */
  get writer(): { buffer: Buffer; at: number } {
    return { buffer: this.buffer, at: this.filled };
  }

  /** Hands `piece` on after what is staged: copied in when small, else yielded as it is. */
  *pass(piece: Uint8Array): Generator<Uint8Array> {
    if (piece.length <= COPY_BYTES) {
      if (this.full(piece.length)) yield this.take();
      this.put(piece);
      return;
    }
    if (this.filled > 0) yield this.take();
    this.handed += piece.length;
    yield piece;
  }

  /** The rest, then the stage's memory is freed (the level's other objects are encoded next). */
  *end(): Generator<Uint8Array> {
    if (this.filled > 0) yield this.take();
    if (this.reuse) releaseBuffer(this.buffer);
  }
}
