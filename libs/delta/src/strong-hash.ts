import { createHash } from 'node:crypto';

/**
 * SHA-256 truncated to 16 bytes. Measured (libs/delta/bench.ts) against SHA-1, MD5, BLAKE2b and BLAKE2s on
 * 16 KiB blocks, SHA-256 is the fastest here: node:crypto uses the CPU's SHA-NI instructions. 128 bits
 * keep an accidental match far below a disk's error rate, and every rebuilt file is checked against its
 * full SHA-256 anyway.
 */
export const STRONG_BYTES = 16;

export function strongHash(data: Uint8Array, start: number, length: number): Buffer {
  return createHash('sha256')
    .update(data.subarray(start, start + length))
    .digest()
    .subarray(0, STRONG_BYTES);
}
