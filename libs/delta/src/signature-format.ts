// Signature stream, version 2 (all integers big-endian):
//   header  "FRZSIG" ‖ version (2) ‖ strong hash bytes (16) ‖ u32 block size ‖ u32 reserved (0)
//   block   0x01 ‖ u32 weak ‖ strong (16)                    — a block of exactly the block size
//   short   0x02 ‖ u32 length ‖ u32 weak ‖ strong (16)       — a shorter block (1 … block size - 1)
//   end     0x00 ‖ u64 file size ‖ content digest (32, see content-digest.ts)
// Blocks cover the file in order. A signature hashed from the file's bytes has full blocks and a short
// last one. One built by the delta encoder keeps the parent's blocks where data only moved (an
// insertion shifts them off the block-size grid), so a short block also ends each changed range.
// 21 bytes per block: a 500 MiB file at 16 KiB blocks has a 672 KB signature (0.13 %).
// Version 1 had no short blocks but the last, and ended with a plain SHA-256 of the file.

export const SIGNATURE_MAGIC = Buffer.from('FRZSIG', 'latin1');
export const SIGNATURE_VERSION = 2;
export const SIGNATURE_HEADER_BYTES = 16;
export const BLOCK_TAG = 0x01;
export const SHORT_TAG = 0x02;
export const END_TAG = 0x00;
export const BLOCK_RECORD_BYTES = 1 + 4 + 16;
export const SHORT_RECORD_BYTES = 1 + 4 + 4 + 16;
export const END_RECORD_BYTES = 1 + 8 + 32;

export function signatureHeader(blockSize: number, strongBytes: number): Buffer {
  const header = Buffer.alloc(SIGNATURE_HEADER_BYTES);
  SIGNATURE_MAGIC.copy(header, 0);
  header[6] = SIGNATURE_VERSION;
  header[7] = strongBytes;
  header.writeUInt32BE(blockSize, 8);
  return header;
}

/** Bytes of the signature of a `fileSize`-byte file hashed at `blockSize` (full blocks, a short last). */
export function signatureBytes(fileSize: number, blockSize: number): number {
  const short = fileSize % blockSize === 0 ? 0 : SHORT_RECORD_BYTES;
  return (
    SIGNATURE_HEADER_BYTES + Math.floor(fileSize / blockSize) * BLOCK_RECORD_BYTES + short + END_RECORD_BYTES
  );
}
