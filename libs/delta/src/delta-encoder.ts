import type { BlockIndex } from './block-index.js';
import { deltaEnd, deltaHeader, MAX_LITERAL, OP_COPY, OP_LITERAL } from './delta-format.js';
import { SignatureBuilder } from './signature-builder.js';
import { strongHash } from './strong-hash.js';
import { pushVarint } from './varint.js';
import { RollingSearch } from './rolling-scan.js';
import { weakHash } from './weak-hash.js';

const FLUSH_BYTES = 256 * 1024;
/** Room for one incoming read on top of the longest literal and the window. */
const READ_ROOM = 1024 * 1024;

export interface DeltaStats {
  /** Bytes of the new file. */
  newSize: number;
  /** Bytes sent as literals. */
  literalBytes: number;
  /** Bytes taken from the base. */
  copiedBytes: number;
  /** Content digest of the new file (content-digest.ts). */
  digest?: Buffer;
}

export interface EncodeOptions {
  /**
   * Receives the new file's signature as the search goes (the caller takes its output between input
   * chunks). Without one, a signature at the base's block size is built for the digest and dropped.
   */
  signature?: SignatureBuilder;
  stats?: DeltaStats;
}

/**
 * The rsync search, streaming: slides a block-sized window over the new file one byte at a time and
 * looks its rolling weak hash up in the base's index; a weak hit is confirmed with the strong hash. A
 * match becomes a block reference and the window jumps a whole block, so data shifted by an insertion
 * is still found at its new offset.
 *
 * Each byte of the new file is hashed as little as possible, as this is where a level's time goes:
 * - right after a match the window is first compared with the base's next block by strong hash alone
 *   (no weak hash), so a run of unchanged or shifted blocks costs one SHA-256 pass;
 * - the new file's signature is built here, from the same pass: a block matched at an offset on the
 *   new signature's grid (same block size) takes the base's record over without hashing, so data that
 *   did not move is not hashed again; the rest is hashed once;
 * - the new file's digest comes from the signature's block hashes (content-digest.ts), not a separate
 *   whole-file hash.
 * Memory: the index plus one working buffer of about MAX_LITERAL + 2 blocks + 1 MiB, whatever the size.
 */
export async function* encodeDelta(
  input: AsyncIterable<Uint8Array>,
  index: BlockIndex,
  options: EncodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const bs = index.blockSize;
  const sig = options.signature ?? new SignatureBuilder(bs);
  const stats = options.stats ?? { newSize: 0, literalBytes: 0, copiedBytes: 0 };
  const inheritable = sig.blockSize === bs;
  // Unpooled, so offsets in it keep the file's 4-byte alignment (compaction moves by multiples of 4)
  // and the weak hash of the new signature's blocks takes its fast aligned path.
  const buf = Buffer.allocUnsafeSlow(MAX_LITERAL + 2 * bs + READ_ROOM);
  let start = 0; // first byte not yet emitted (literal start)
  let pos = 0; // window start
  let end = 0; // bytes in buf
  let fed = 0; // bytes before this are in the signature
  let weak = 0;
  let weakAt = -1; // `weak` is the hash of the window at this position (-1: not computed)
  let missedAt = -1; // the window at this position was already looked up and missed
  let runFirst = -1; // pending copy run
  let runCount = 0;

  const out: Buffer[] = [
    deltaHeader({
      blockSize: bs,
      baseSize: index.fileSize,
      baseDigest: index.fileDigest,
      newBlockSize: sig.blockSize,
    }),
  ];
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
  const feedTo = (to: number): void => {
    if (to > fed) sig.push(buf.subarray(fed, to));
    fed = to;
  };
  const take = (): Buffer[] => {
    const chunks = out.splice(0, out.length);
    outBytes = 0;
    return chunks;
  };

  /** The base block equal to the window at `pos`, or -1. */
  const lookup = (): number => {
    let strong: Buffer | undefined;
    const next = runFirst + runCount;
    if (runCount > 0 && start === pos && next < index.fullBlocks) {
      // Right after a copy: most likely the base's next block follows (nothing changed here).
      strong = strongHash(buf, pos, bs);
      if (index.strongEquals(next, strong)) return next;
    }
    if (weakAt !== pos) {
      weak = weakHash(buf, pos, bs);
      weakAt = pos;
    }
    return index.mayContain(weak) ? index.find(weak, buf, pos, strong) : -1;
  };

  const matched = (block: number): void => {
    emitLiteral(start, pos);
    feedTo(pos);
    if (inheritable && sig.atBlockStart) sig.inherit(index.weakOf(block), index.strongOf(block));
    else sig.push(buf.subarray(pos, pos + bs));
    fed = pos + bs;
    emitCopy(block, bs);
    pos += bs;
    start = pos;
  };

  const search = new RollingSearch(index);
  const scan = (): void => {
    while (end - pos >= bs) {
      if (missedAt !== pos) {
        const block = lookup();
        if (block >= 0) {
          matched(block);
          continue;
        }
        missedAt = pos;
      }
      if (pos + bs >= end) return; // the next byte has not arrived yet
      if (weakAt !== pos) weak = weakHash(buf, pos, bs);
      // Slide to the next window worth a lookup, without passing the longest literal.
      search.pos = pos;
      search.weak = weak;
      search.rollToCandidate(buf, Math.min(end - bs, start + MAX_LITERAL));
      pos = search.pos;
      weak = search.weak;
      weakAt = pos;
      if (pos - start >= MAX_LITERAL) {
        emitLiteral(start, pos);
        start = pos;
      }
    }
  };

  const compact = (): void => {
    // Everything before `pos` is decided (a later match starts at `pos` or after): sign it first.
    feedTo(pos);
    const shift = start & ~3;
    if (shift === 0) return;
    buf.copyWithin(0, shift, end);
    start -= shift;
    pos -= shift;
    end -= shift;
    fed -= shift;
    if (weakAt >= 0) weakAt -= shift;
    if (missedAt >= 0) missedAt -= shift;
  };

  for await (const chunk of input) {
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
  if (index.tailLength > 0 && end - pos === index.tailLength && index.matchesTail(buf, pos)) {
    emitLiteral(start, pos);
    emitCopy(index.fullBlocks, index.tailLength);
  } else {
    emitLiteral(start, end);
  }
  flushRun();
  feedTo(end);
  sig.finish();
  stats.digest = sig.digest;
  out.push(deltaEnd(stats.newSize, sig.digest));
  yield* take();
}
