import type { BlockIndex } from './block-index.js';
import {
  deltaEnd,
  deltaHeader,
  GRID_FROM_OPS,
  GRID_REGULAR,
  MAX_LITERAL,
  OP_COPY,
  OP_COPY_SHORT,
  OP_LITERAL,
} from './delta-format.js';
import { SignatureBuilder } from './signature-builder.js';
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
 * - the new file's signature is built here, in the same pass: a matched block takes the base's record
 *   over, at whatever offset it now is (an insertion shifts the blocks after it off the block-size
 *   grid: they stay blocks, and the literal bytes before them end in a short block); only literal
 *   bytes are hashed for it. With a new block size (`signature` of another size) the new file is
 *   signed afresh instead;
 * - the new file's digest comes from the signature's block hashes (content-digest.ts).
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
  const keepBlocks = sig.blockSize === bs;
  // Unpooled, so offsets in it keep the file's 4-byte alignment (compaction moves by multiples of 4)
  // and the weak hash of the blocks signed afresh takes its fast aligned path.
  const buf = Buffer.allocUnsafeSlow(MAX_LITERAL + 2 * bs + READ_ROOM);
  let start = 0; // first byte not yet emitted (literal start)
  let pos = 0; // window start
  let end = 0; // bytes in buf
  let fed = 0; // bytes before this are in the signature
  let weak = 0;
  let weakAt = -1; // `weak` is the hash of the window at this position (-1: not computed)
  let missedAt = -1; // the window at this position was already looked up and missed
  // The base block expected at `pos` when start === pos: the one after the last match (0 at the start),
  // tried first by strong hash alone; -1 after a miss.
  let expected = 0;
  let runFrom = 0; // pending copy of `runBlocks` full base blocks from this base offset
  let runBlocks = 0;

  const out: Buffer[] = [
    deltaHeader({
      blockSize: bs,
      baseSize: index.fileSize,
      baseDigest: index.fileDigest,
      newBlockSize: sig.blockSize,
      grid: keepBlocks ? GRID_FROM_OPS : GRID_REGULAR,
    }),
  ];
  let outBytes = out[0]?.length ?? 0;
  const ops: number[] = [];

  const emitOp = (op: number, a: number, b: number): void => {
    ops.length = 0;
    ops.push(op);
    pushVarint(ops, a);
    pushVarint(ops, b);
    const bytes = Buffer.from(ops);
    out.push(bytes);
    outBytes += bytes.length;
  };
  const flushRun = (): void => {
    if (runBlocks === 0) return;
    emitOp(OP_COPY, runFrom, runBlocks);
    runBlocks = 0;
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
    const from = index.offsetOf(block);
    if (length !== bs) {
      flushRun();
      emitOp(OP_COPY_SHORT, from, length);
    } else if (runBlocks > 0 && runFrom + runBlocks * bs === from) {
      runBlocks++;
    } else {
      flushRun();
      runFrom = from;
      runBlocks = 1;
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

  /** Right after a match (or at the start): is the base's next block (full or short) here too? */
  const continues = (): number => {
    const next = expected;
    if (next < 0 || start !== pos || next >= index.blockCount) return -1;
    if (index.lengthOf(next) > end - pos) return -1;
    return index.matchesAt(next, buf, pos) ? next : -1;
  };

  /** The base block equal to the data at `pos`, or -1. */
  const lookup = (): number => {
    const next = continues();
    if (next >= 0) return next;
    expected = -1;
    if (weakAt !== pos) {
      weak = weakHash(buf, pos, bs);
      weakAt = pos;
    }
    return index.find(weak, buf, pos);
  };

  const matched = (block: number): void => {
    const length = index.lengthOf(block);
    emitLiteral(start, pos);
    feedTo(pos);
    if (keepBlocks) {
      sig.cut();
      sig.inherit(index.weakOf(block), index.strongOf(block), length);
    } else {
      sig.push(buf.subarray(pos, pos + length));
    }
    fed = pos + length;
    emitCopy(block, length);
    pos += length;
    start = pos;
    expected = block + 1;
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
  // At most a block is left: the base's next blocks may still follow, or its short last block end it.
  for (let next = continues(); next >= 0; next = continues()) matched(next);
  const last = index.blockCount - 1;
  if (
    last >= 0 &&
    index.lengthOf(last) === end - pos &&
    index.lengthOf(last) < bs &&
    index.matchesAt(last, buf, pos)
  )
    matched(last);
  emitLiteral(start, end);
  flushRun();
  feedTo(end);
  sig.finish();
  stats.digest = sig.digest;
  out.push(deltaEnd(stats.newSize, sig.digest));
  yield* take();
}
