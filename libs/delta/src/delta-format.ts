// Delta stream, version 2 (integers big-endian; varint = unsigned LEB128):
//   header   "FRZDLT" ‖ version (2) ‖ grid ‖ u32 base block size ‖ u64 base size
//            ‖ base content digest (32) ‖ u32 new block size
//   literal  0x01 ‖ varint length ‖ bytes                  (1 … MAX_LITERAL bytes)
//   copy     0x02 ‖ varint base offset ‖ varint count      (count full blocks: count × base block size bytes)
//   short    0x03 ‖ varint base offset ‖ varint length     (one short block of the base)
//   end      0x00 ‖ u64 new size ‖ content digest of the new file (32)
// A run of matching blocks costs a few bytes; an insertion costs its own length plus one op.
//
// The new file's signature blocks (the grid its content digest is over, content-digest.ts) follow from
// the ops when grid = GRID_FROM_OPS: each copied block stays a block, and each run of literal bytes
// between copies is cut into blocks of the new block size from its start, the rest a short block.
// With GRID_REGULAR the new file was signed afresh: full blocks of the new block size, a short last one.
// Version 1 copied by block number, always signed afresh and checked plain SHA-256s.

export const DELTA_MAGIC = Buffer.from('FRZDLT', 'latin1');
export const DELTA_VERSION = 2;
export const DELTA_HEADER_BYTES = 6 + 1 + 1 + 4 + 8 + 32 + 4;
export const DELTA_END_BYTES = 8 + 32;
export const OP_END = 0x00;
export const OP_LITERAL = 0x01;
export const OP_COPY = 0x02;
export const OP_COPY_SHORT = 0x03;
export const MAX_LITERAL = 1024 * 1024;
export const GRID_FROM_OPS = 0;
export const GRID_REGULAR = 1;

export interface DeltaHeader {
  blockSize: number;
  baseSize: number;
  /** Content digest of the base the delta was made against. */
  baseDigest: Buffer;
  /** Block size of the new file's signature. */
  newBlockSize: number;
  /** How the new file's signature blocks lie (see above). */
  grid: typeof GRID_FROM_OPS | typeof GRID_REGULAR;
}

export function deltaHeader(h: DeltaHeader): Buffer {
  const header = Buffer.alloc(DELTA_HEADER_BYTES);
  DELTA_MAGIC.copy(header, 0);
  header[6] = DELTA_VERSION;
  header[7] = h.grid;
  header.writeUInt32BE(h.blockSize, 8);
  header.writeBigUInt64BE(BigInt(h.baseSize), 12);
  header.set(h.baseDigest.subarray(0, 32), 20);
  header.writeUInt32BE(h.newBlockSize, 52);
  return header;
}

export function deltaEnd(size: number, digest: Uint8Array): Buffer {
  const end = Buffer.alloc(1 + DELTA_END_BYTES);
  end[0] = OP_END;
  end.writeBigUInt64BE(BigInt(size), 1);
  end.set(digest.subarray(0, 32), 9);
  return end;
}
