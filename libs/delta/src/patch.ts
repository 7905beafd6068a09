import type { BlockSource } from './block-source.js';
import { ContentDigest } from './content-digest.js';
import { GRID_FROM_OPS, type DeltaHeader } from './delta-format.js';
import { DeltaReader } from './delta-reader.js';
import { DeltaError } from './errors.js';

const READ_BYTES = 1024 * 1024;

export interface PatchOptions {
  /** Called with the header before any output: lets the caller check it names the base it holds. */
  onHeader?: (header: DeltaHeader) => void;
}

/**
 * Rebuilds the new file from `base` and one delta stream, in pieces of at most 1 MiB. The output's size
 * and content digest are checked against the delta's end record; a mismatch throws after the last piece
 * (so a caller writing to a temporary file simply discards it). Restore of a chain of deltas composes
 * them first (delta-program.ts) instead of calling this once per delta.
 */
export async function* applyDelta(
  delta: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  base: BlockSource,
  options: PatchOptions = {},
): AsyncGenerator<Uint8Array> {
  const reader = await DeltaReader.open(delta);
  const { header } = reader;
  options.onHeader?.(header);
  if (base.size !== header.baseSize)
    throw new DeltaError(
      'mismatch',
      `the delta needs a ${header.baseSize}-byte base, this one has ${base.size} bytes`,
    );
  const digest = new ContentDigest(header.newBlockSize);
  // Blocks of the new file: see delta-format.ts (a copy starts a block; a short copy is one).
  const blocksFromOps = header.grid === GRID_FROM_OPS;
  for (;;) {
    const op = await reader.next();
    if (op.kind === 'literal') {
      for await (const piece of reader.literal(op.length)) {
        digest.update(piece);
        // The reader's pieces are views: hand out a copy the caller may keep.
        yield Buffer.from(piece);
      }
    } else if (op.kind === 'copy') {
      if (blocksFromOps) digest.cut();
      for (let offset = op.from; offset < op.from + op.length; offset += READ_BYTES) {
        const piece = await base.read(offset, Math.min(READ_BYTES, op.from + op.length - offset));
        digest.update(piece);
        yield piece;
      }
      if (blocksFromOps) digest.cut();
    } else {
      if (op.size !== digest.size)
        throw new DeltaError('corrupt', `rebuilt ${digest.size} bytes where the delta says ${op.size}`);
      if (!digest.digest().equals(op.digest))
        throw new DeltaError(
          'mismatch',
          'the rebuilt file does not match its digest (wrong base or damaged delta)',
        );
      return;
    }
  }
}
