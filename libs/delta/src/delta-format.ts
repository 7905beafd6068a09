// Delta stream, version 2 (integers big-endian; varint = unsigned LEB128):
//   header   "FRZDLT" ‖ version (2) ‖ 0 ‖ u32 base block size ‖ u64 base size ‖ base content digest (32)
//            ‖ u32 block size of the new file's content digest
//   literal  0x01 ‖ varint length ‖ bytes               (at most MAX_LITERAL bytes each)
//   copy     0x02 ‖ varint first block ‖ varint count   (base blocks first … first+count-1, in order)
//   end      0x00 ‖ u64 new size ‖ content digest of the new file (32)
// A run of matching blocks costs a few bytes; an insertion costs its own length plus one op. Content
// digests are defined in content-digest.ts; version 1 carried plain SHA-256s and no new block size.

export const DELTA_MAGIC = Buffer.from('FRZDLT', 'latin1');
export const DELTA_VERSION = 2;
export const DELTA_HEADER_BYTES = 6 + 1 + 1 + 4 + 8 + 32 + 4;
export const DELTA_END_BYTES = 8 + 32;
export const OP_END = 0x00;
export const OP_LITERAL = 0x01;
export const OP_COPY = 0x02;
export const MAX_LITERAL = 1024 * 1024;

export interface DeltaHeader {
  blockSize: number;
  baseSize: number;
  /** Content digest of the base the delta was made against. */
  baseDigest: Buffer;
  /** Block size of the new file's content digest (its signature's block size). */
  newBlockSize: number;
}

export function deltaHeader(h: DeltaHeader): Buffer {
  const header = Buffer.alloc(DELTA_HEADER_BYTES);
  DELTA_MAGIC.copy(header, 0);
  header[6] = DELTA_VERSION;
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
