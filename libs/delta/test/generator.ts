import { createCipheriv, createHash } from 'node:crypto';
import type { BlockSource } from '../src/index.js';

// Deterministic, seekable pseudo-random bytes: the AES-256-CTR keystream of a key derived from a seed.
// Incompressible, so stored sizes measure the algorithm and not the compressor; seekable, so a 500 MiB
// "base file" can be read at any offset without ever being held in memory or written to disk.

const PIECE = 1024 * 1024;
const zeros = Buffer.alloc(PIECE + 16);

function keystream(seed: number, offset: number, length: number): Buffer {
  const key = createHash('sha256').update(`delta-test-seed-${seed}`).digest();
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8);
  const skip = offset % 16;
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  return cipher.update(zeros.subarray(0, skip + length)).subarray(skip);
}

export interface Part {
  seed: number;
  offset: number;
  length: number;
}

/** The concatenation of `parts`, in chunks of at most 1 MiB (each part starts a new chunk). */
export async function* generate(parts: Part[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    for (let done = 0; done < part.length; done += PIECE) {
      yield keystream(part.seed, part.offset + done, Math.min(PIECE, part.length - done));
    }
  }
}

export function generatedSource(seed: number, size: number): BlockSource {
  return {
    size,
    read: async (offset, length) => keystream(seed, offset, length),
  };
}

export function totalLength(parts: Part[]): number {
  return parts.reduce((sum, p) => sum + p.length, 0);
}

/** SHA-256 and length of a stream, consuming it. */
export async function digestOf(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Collects a (small) stream into one Buffer; each piece is copied (some are views into reused buffers). */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
