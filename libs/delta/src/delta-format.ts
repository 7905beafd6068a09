// Delta stream, version 1 (integers big-endian; varint = unsigned LEB128):
//   header   "FRZDLT" ‖ version (1) ‖ 0 ‖ u32 base block size ‖ u64 base size ‖ SHA-256 of the base (32)
//   literal  0x01 ‖ varint length ‖ bytes               (at most MAX_LITERAL bytes each)
//   copy     0x02 ‖ varint first block ‖ varint count   (base blocks first … first+count-1, in order)
//   end      0x00 ‖ u64 new size ‖ SHA-256 of the new file (32)
// A run of matching blocks costs a few bytes; an insertion costs its own length plus one op.

export const DELTA_MAGIC = Buffer.from('FRZDLT', 'latin1');
export const DELTA_VERSION = 1;
export const DELTA_HEADER_BYTES = 6 + 1 + 1 + 4 + 8 + 32;
export const OP_END = 0x00;
export const OP_LITERAL = 0x01;
export const OP_COPY = 0x02;
export const MAX_LITERAL = 1024 * 1024;

export function deltaHeader(blockSize: number, baseSize: number, baseDigest: Uint8Array): Buffer {
  const header = Buffer.alloc(DELTA_HEADER_BYTES);
  DELTA_MAGIC.copy(header, 0);
  header[6] = DELTA_VERSION;
  header.writeUInt32BE(blockSize, 8);
  header.writeBigUInt64BE(BigInt(baseSize), 12);
  header.set(baseDigest.subarray(0, 32), 20);
  return header;
}
