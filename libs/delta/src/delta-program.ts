import { BlockGrid } from './block-grid.js';
import type { DeltaHeader } from './delta-format.js';
import { DeltaReader } from './delta-reader.js';
import { DeltaError } from './errors.js';
import type { LiteralSpool } from './literal-spool.js';
import { SEG_COPY, SEG_LITERAL, SegmentList } from './segment-list.js';

/**
 * A delta turned into ranges: the new file as copies of its base and literals parked in a spool. Two
 * programs compose (`composePrograms`), so a file's full copy plus any number of deltas is rebuilt in
 * one pass that writes it once, instead of being rewritten once per delta.
 */
export interface DeltaProgram {
  /** The base it applies to (size, digest, block size) and the new file's digest block size. */
  header: DeltaHeader;
  newSize: number;
  /** Content digest of the new file. */
  newDigest: Buffer;
  /** The new file's signature blocks, which its digest is over (header.grid says if they apply). */
  grid: BlockGrid;
  segments: SegmentList;
}

/** Reads a whole delta stream into a program; its literals go to `spool`. */
export async function readDeltaProgram(
  delta: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  spool: LiteralSpool,
): Promise<DeltaProgram> {
  const reader = await DeltaReader.open(delta);
  const segments = new SegmentList();
  const grid = new BlockGrid(reader.header.newBlockSize);
  for (;;) {
    const op = await reader.next();
    if (op.kind === 'literal') {
      grid.literal(op.length);
      for await (const piece of reader.literal(op.length))
        segments.push(SEG_LITERAL, await spool.append(piece), piece.length);
    } else if (op.kind === 'copy') {
      grid.copy(op.blocks, op.length);
      segments.push(SEG_COPY, op.from, op.length);
    } else {
      grid.finish();
      if (op.size !== segments.total)
        throw new DeltaError(
          'corrupt',
          `the delta describes ${segments.total} bytes where it says ${op.size}`,
        );
      return { header: reader.header, newSize: op.size, newDigest: op.digest, grid, segments };
    }
  }
}

/** Does `program` apply to the file whose size and content digest are given? */
export function appliesTo(program: DeltaProgram, size: number, digest: Uint8Array): boolean {
  return program.header.baseSize === size && program.header.baseDigest.equals(digest);
}

/**
 * `later` (made against the output of `earlier`) rewritten against `earlier`'s base: each copy of
 * `later` is cut along `earlier`'s ranges into copies of the older base and literals of the spool.
 */
export function composePrograms(later: DeltaProgram, earlier: DeltaProgram): DeltaProgram {
  if (!appliesTo(later, earlier.newSize, earlier.newDigest))
    throw new DeltaError('mismatch', 'a delta was made against another version than the one before it');
  const e = earlier.segments;
  const starts = e.starts();
  const l = later.segments;
  const out = new SegmentList();
  for (let i = 0; i < l.count; i++) {
    const kind = l.kinds[i] as typeof SEG_COPY | typeof SEG_LITERAL;
    let from = l.sources[i] as number;
    let left = l.lengths[i] as number;
    if (kind === SEG_LITERAL) {
      out.push(SEG_LITERAL, from, left);
      continue;
    }
    let j = rangeAt(starts, e.count, from);
    while (left > 0) {
      const into = from - (starts[j] as number);
      const n = Math.min(left, (e.lengths[j] as number) - into);
      out.push(e.kinds[j] as typeof SEG_COPY | typeof SEG_LITERAL, (e.sources[j] as number) + into, n);
      from += n;
      left -= n;
      j++;
    }
  }
  return {
    header: { ...earlier.header, newBlockSize: later.header.newBlockSize, grid: later.header.grid },
    newSize: later.newSize,
    newDigest: later.newDigest,
    grid: later.grid,
    segments: out,
  };
}

/** Index of the range holding output offset `at` (starts[] is sorted; `at` is below the total). */
function rangeAt(starts: Float64Array, count: number, at: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
