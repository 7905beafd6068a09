import { createHash } from 'node:crypto';
import type { BlockIndex } from './block-index.js';
import { deltaHeader, MAX_LITERAL, OP_COPY, OP_END, OP_LITERAL } from './delta-format.js';
import { pushVarint } from './varint.js';
import { outFactor, rollWeak, weakHash } from './weak-hash.js';

const FLUSH_BYTES = 256 * 1024;

export interface DeltaStats {
  /** Bytes of the new file. */
  newSize: number;
  /** Bytes sent as literals. */
  literalBytes: number;
  /** Bytes taken from the base. */
  copiedBytes: number;
  /** SHA-256 of the new file. */
  digest?: Buffer;
}

/**
 * The rsync search, streaming: slides a block-sized window over the new file one byte at a time and
 * looks its rolling weak hash up in the base's index; a weak hit is confirmed with the strong hash. A
 * match becomes a block reference and the window jumps a whole block, so data shifted by an insertion
 * is still found at its new offset. Memory: the index plus one working buffer of about
 * MAX_LITERAL + 2 blocks + 1 MiB, whatever the file size.
 */
export async function* encodeDelta(
  input: AsyncIterable<Uint8Array>,
  index: BlockIndex,
  stats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 },
): AsyncGenerator<Uint8Array> {
  const bs = index.blockSize;
  const factor = outFactor(bs);
  const buf = Buffer.allocUnsafe(MAX_LITERAL + 2 * bs + 1024 * 1024);
  const whole = createHash('sha256');
  let start = 0; // first byte not yet emitted (literal start)
  let pos = 0; // window start
  let end = 0; // bytes in buf
  let weak = 0;
  let weakAt = -1; // `weak` is the hash of the window at this position (-1: not computed)
  let missedAt = -1; // the window at this position was already looked up and missed
  let runFirst = -1; // pending copy run
  let runCount = 0;

  const out: Buffer[] = [deltaHeader(bs, index.fileSize, index.fileDigest)];
  let outBytes = out[0]?.length ?? 0;
  const ops: number[] = [];

  const flushRun = (): void => {
    if (runCount === 0) return;
    ops.length = 0;
    ops.push(OP_COPY);
    pushVarint(ops, runFirst);
    pushVarint(ops, runCount);
    const op = Buffer.from(ops);
    out.push(op);
    outBytes += op.length;
    runCount = 0;
  };
  const emitLiteral = (from: number, to: number): void => {
    if (to <= from) return;
    flushRun();
    ops.length = 0;
    ops.push(OP_LITERAL);
    pushVarint(ops, to - from);
    const op = Buffer.from(ops);
    // A copy: `buf` is reused once the data has moved on.
    const bytes = Buffer.from(buf.subarray(from, to));
    out.push(op, bytes);
    outBytes += op.length + bytes.length;
    stats.literalBytes += to - from;
  };
  const emitCopy = (block: number, length: number): void => {
    if (runCount > 0 && runFirst + runCount === block) runCount++;
    else {
      flushRun();
      runFirst = block;
      runCount = 1;
    }
    stats.copiedBytes += length;
  };
  const take = (): Buffer[] => {
    const chunks = out.splice(0, out.length);
    outBytes = 0;
    return chunks;
  };

  const scan = (): void => {
    while (end - pos >= bs) {
      if (weakAt !== pos) {
        weak = weakHash(buf, pos, bs);
        weakAt = pos;
      }
      if (missedAt !== pos) {
        const preferred = runCount > 0 ? runFirst + runCount : -1;
        const block = index.mayContain(weak) ? index.find(weak, buf, pos, preferred) : -1;
        if (block >= 0) {
          emitLiteral(start, pos);
          emitCopy(block, bs);
          pos += bs;
          start = pos;
          continue;
        }
        missedAt = pos;
      }
      if (pos + bs >= end) return; // the next byte has not arrived yet
      weak = rollWeak(weak, buf[pos] as number, buf[pos + bs] as number, factor);
      pos++;
      weakAt = pos;
      if (pos - start >= MAX_LITERAL) {
        emitLiteral(start, pos);
        start = pos;
      }
    }
  };

  const compact = (): void => {
    if (start === 0) return;
    buf.copyWithin(0, start, end);
    pos -= start;
    end -= start;
    if (weakAt >= 0) weakAt -= start;
    if (missedAt >= 0) missedAt -= start;
    start = 0;
  };

  for await (const chunk of input) {
    whole.update(chunk);
    stats.newSize += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (end === buf.length) compact();
      const n = Math.min(chunk.length - offset, buf.length - end);
      buf.set(chunk.subarray(offset, offset + n), end);
      end += n;
      offset += n;
      scan();
      if (outBytes >= FLUSH_BYTES) yield* take();
    }
  }
  scan();
  // Fewer than a block left: it can still be the base's short last block.
  if (end - pos === index.tailLength && index.matchesTail(buf, pos)) {
    emitLiteral(start, pos);
    emitCopy(index.fullBlocks, index.tailLength);
  } else {
    emitLiteral(start, end);
  }
  flushRun();
  stats.digest = whole.digest();
  const tail = Buffer.alloc(1 + 8 + 32);
  tail[0] = OP_END;
  tail.writeBigUInt64BE(BigInt(stats.newSize), 1);
  stats.digest.copy(tail, 9);
  out.push(tail);
  yield* take();
}
