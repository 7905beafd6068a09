import { ByteReader } from './byte-reader.js';
import {
  DELTA_END_BYTES,
  DELTA_HEADER_BYTES,
  DELTA_MAGIC,
  DELTA_VERSION,
  GRID_FROM_OPS,
  GRID_REGULAR,
  MAX_LITERAL,
  OP_COPY,
  OP_COPY_SHORT,
  OP_END,
  OP_LITERAL,
  type DeltaHeader,
} from './delta-format.js';
import { DeltaError } from './errors.js';

export type DeltaOp =
  /** `length` literal bytes follow: read them with `literal()` before the next op. */
  | { kind: 'literal'; length: number }
  /** Base bytes [from, from+length): `blocks` full blocks, or one short block (blocks = 0). */
  | { kind: 'copy'; from: number; length: number; blocks: number }
  | { kind: 'end'; size: number; digest: Buffer };

/** Parses a delta stream (delta-format.ts) op by op, checking every field against the header. */
export class DeltaReader {
  private constructor(
    private readonly reader: ByteReader,
    readonly header: DeltaHeader,
  ) {}

  static async open(delta: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<DeltaReader> {
    const reader = new ByteReader(delta);
    const head = await reader.exact(DELTA_HEADER_BYTES, 'delta header');
    if (!DELTA_MAGIC.equals(head.subarray(0, 6)))
      throw new DeltaError('corrupt', 'not a delta (no FRZDLT header)');
    if (head[6] !== DELTA_VERSION)
      throw new DeltaError('corrupt', `delta version ${head[6]} is not supported`);
    const grid = head[7];
    if (grid !== GRID_FROM_OPS && grid !== GRID_REGULAR)
      throw new DeltaError('corrupt', `delta grid ${grid} is unknown`);
    const header: DeltaHeader = {
      blockSize: head.readUInt32BE(8),
      baseSize: Number(head.readBigUInt64BE(12)),
      baseDigest: Buffer.from(head.subarray(20, 52)),
      newBlockSize: head.readUInt32BE(52),
      grid,
    };
    if (header.blockSize < 1 || header.newBlockSize < 1)
      throw new DeltaError('corrupt', 'delta block size is 0');
    if (grid === GRID_FROM_OPS && header.newBlockSize !== header.blockSize)
      throw new DeltaError('corrupt', 'a delta keeping the base blocks has another block size');
    return new DeltaReader(reader, header);
  }

  async next(): Promise<DeltaOp> {
    const { reader, header } = this;
    const op = await reader.byte('delta');
    if (op === OP_LITERAL) {
      const length = await reader.varint('delta literal');
      if (length === 0 || length > MAX_LITERAL)
        throw new DeltaError('corrupt', `delta literal of ${length} bytes is out of range`);
      return { kind: 'literal', length };
    }
    if (op === OP_COPY || op === OP_COPY_SHORT) {
      const from = await reader.varint('delta copy');
      const n = await reader.varint('delta copy');
      const short = op === OP_COPY_SHORT;
      const length = short ? n : n * header.blockSize;
      if (n === 0 || (short && n >= header.blockSize) || from + length > header.baseSize)
        throw new DeltaError('corrupt', `delta copies ${length} bytes at ${from}, beyond the base`);
      return { kind: 'copy', from, length, blocks: short ? 0 : n };
    }
    if (op === OP_END) {
      const end = await reader.exact(DELTA_END_BYTES, 'delta end');
      const size = Number(end.readBigUInt64BE(0));
      const digest = Buffer.from(end.subarray(8, 40));
      if (!(await reader.atEnd())) throw new DeltaError('corrupt', 'bytes after the end of the delta');
      return { kind: 'end', size, digest };
    }
    throw new DeltaError('corrupt', `delta op ${op} is unknown`);
  }

  /**
   * The bytes of the literal just announced, in pieces; each piece is a view that is valid only until
   * the next one is pulled (consumers write or copy it first).
   */
  async *literal(length: number): AsyncGenerator<Buffer> {
    for (let left = length; left > 0;) {
      const piece = await this.reader.some(left, 'delta literal');
      left -= piece.length;
      yield piece;
    }
  }
}
