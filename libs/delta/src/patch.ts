import { createHash } from 'node:crypto';
import type { BlockSource } from './block-source.js';
import { ByteReader } from './byte-reader.js';
import {
  DELTA_HEADER_BYTES,
  DELTA_MAGIC,
  DELTA_VERSION,
  MAX_LITERAL,
  OP_COPY,
  OP_END,
  OP_LITERAL,
} from './delta-format.js';
import { DeltaError } from './errors.js';

const READ_BYTES = 1024 * 1024;

export interface DeltaHeader {
  blockSize: number;
  baseSize: number;
  /** SHA-256 of the base the delta was made against. */
  baseDigest: Buffer;
}

export interface PatchOptions {
  /** Called with the header before any output: lets the caller check it names the base it holds. */
  onHeader?: (header: DeltaHeader) => void;
}

/**
 * Rebuilds the new file from `base` and a delta stream, in pieces of at most 1 MiB. The output's size and
 * SHA-256 are checked against the delta's end record; a mismatch throws after the last piece (so a caller
 * writing to a temporary file simply discards it).
 */
export async function* applyDelta(
  delta: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  base: BlockSource,
  options: PatchOptions = {},
): AsyncGenerator<Uint8Array> {
  const reader = new ByteReader(delta);
  const header = await reader.exact(DELTA_HEADER_BYTES, 'delta header');
  if (!DELTA_MAGIC.equals(header.subarray(0, 6)))
    throw new DeltaError('corrupt', 'not a delta (no FRZDLT header)');
  if (header[6] !== DELTA_VERSION)
    throw new DeltaError('corrupt', `delta version ${header[6]} is not supported`);
  const blockSize = header.readUInt32BE(8);
  const baseSize = Number(header.readBigUInt64BE(12));
  const baseDigest = Buffer.from(header.subarray(20, 52));
  if (blockSize < 1) throw new DeltaError('corrupt', 'delta block size is 0');
  options.onHeader?.({ blockSize, baseSize, baseDigest });
  if (base.size !== baseSize)
    throw new DeltaError(
      'mismatch',
      `the delta needs a ${baseSize}-byte base, this one has ${base.size} bytes`,
    );

  const hash = createHash('sha256');
  let written = 0;
  for (;;) {
    const op = await reader.byte('delta');
    if (op === OP_LITERAL) {
      let left = await reader.varint('delta literal');
      if (left > MAX_LITERAL) throw new DeltaError('corrupt', `delta literal of ${left} bytes is too long`);
      while (left > 0) {
        const piece = await reader.some(left, 'delta literal');
        left -= piece.length;
        hash.update(piece);
        written += piece.length;
        // The reader reuses its buffer: hand out a copy.
        yield Buffer.from(piece);
      }
    } else if (op === OP_COPY) {
      const first = await reader.varint('delta copy');
      const count = await reader.varint('delta copy');
      const from = first * blockSize;
      const to = Math.min((first + count) * blockSize, baseSize);
      if (count === 0 || from >= baseSize || (first + count - 1) * blockSize >= baseSize)
        throw new DeltaError('corrupt', `delta copies blocks ${first}+${count} beyond the base`);
      for (let offset = from; offset < to; offset += READ_BYTES) {
        const piece = await base.read(offset, Math.min(READ_BYTES, to - offset));
        hash.update(piece);
        written += piece.length;
        yield piece;
      }
    } else if (op === OP_END) {
      const end = await reader.exact(40, 'delta end');
      const size = Number(end.readBigUInt64BE(0));
      if (!(await reader.atEnd())) throw new DeltaError('corrupt', 'bytes after the end of the delta');
      if (size !== written)
        throw new DeltaError('corrupt', `rebuilt ${written} bytes where the delta says ${size}`);
      if (!hash.digest().equals(end.subarray(8, 40)))
        throw new DeltaError(
          'mismatch',
          'the rebuilt file does not match its SHA-256 (wrong base or damaged delta)',
        );
      return;
    } else {
      throw new DeltaError('corrupt', `delta op ${op} is unknown`);
    }
  }
}
