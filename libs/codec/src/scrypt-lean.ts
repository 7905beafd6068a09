import { pbkdf2Sync } from 'node:crypto';
import { releaseBuffer } from './buffer-release.js';

/**
 * scrypt (RFC 7914) that keeps every STEP-th entry of ROMix's table V and recomputes the others when
 * they are read: N/STEP instead of N blocks of 128·r bytes (8 MiB instead of 32 MiB at the default
 * cost), for ~1.4× the BlockMix work. Node's scrypt (OpenSSL) holds all 32 MiB at once, on top of
 * everything else the agent has resident at that moment: it alone decided the peak RSS of an
 * encrypted backup or restore. Same output as node:crypto's scrypt (test/scrypt-lean.test.ts).
 */
const STEP = 4;
/** ROMix iterations between two turns of the event loop (signals, progress, timers stay live). */
const ITERATIONS_PER_TURN = 2048;

function salsa20x8(b: Uint32Array): void {
  let x0 = b[0] as number;
  let x1 = b[1] as number;
  let x2 = b[2] as number;
  let x3 = b[3] as number;
  let x4 = b[4] as number;
  let x5 = b[5] as number;
  let x6 = b[6] as number;
  let x7 = b[7] as number;
  let x8 = b[8] as number;
  let x9 = b[9] as number;
  let x10 = b[10] as number;
  let x11 = b[11] as number;
  let x12 = b[12] as number;
  let x13 = b[13] as number;
  let x14 = b[14] as number;
  let x15 = b[15] as number;
  let u: number;
  for (let i = 0; i < 8; i += 2) {
    u = (x0 + x12) | 0;
    x4 ^= (u << 7) | (u >>> 25);
    u = (x4 + x0) | 0;
    x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x4) | 0;
    x12 ^= (u << 13) | (u >>> 19);
    u = (x12 + x8) | 0;
    x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x1) | 0;
    x9 ^= (u << 7) | (u >>> 25);
    u = (x9 + x5) | 0;
    x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x9) | 0;
    x1 ^= (u << 13) | (u >>> 19);
    u = (x1 + x13) | 0;
    x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x6) | 0;
    x14 ^= (u << 7) | (u >>> 25);
    u = (x14 + x10) | 0;
    x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x14) | 0;
    x6 ^= (u << 13) | (u >>> 19);
    u = (x6 + x2) | 0;
    x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x11) | 0;
    x3 ^= (u << 7) | (u >>> 25);
    u = (x3 + x15) | 0;
    x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x3) | 0;
    x11 ^= (u << 13) | (u >>> 19);
    u = (x11 + x7) | 0;
    x15 ^= (u << 18) | (u >>> 14);
    u = (x0 + x3) | 0;
    x1 ^= (u << 7) | (u >>> 25);
    u = (x1 + x0) | 0;
    x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x1) | 0;
    x3 ^= (u << 13) | (u >>> 19);
    u = (x3 + x2) | 0;
    x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x4) | 0;
    x6 ^= (u << 7) | (u >>> 25);
    u = (x6 + x5) | 0;
    x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x6) | 0;
    x4 ^= (u << 13) | (u >>> 19);
    u = (x4 + x7) | 0;
    x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x9) | 0;
    x11 ^= (u << 7) | (u >>> 25);
    u = (x11 + x10) | 0;
    x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x11) | 0;
    x9 ^= (u << 13) | (u >>> 19);
    u = (x9 + x8) | 0;
    x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x14) | 0;
    x12 ^= (u << 7) | (u >>> 25);
    u = (x12 + x15) | 0;
    x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x12) | 0;
    x14 ^= (u << 13) | (u >>> 19);
    u = (x14 + x13) | 0;
    x15 ^= (u << 18) | (u >>> 14);
  }
  b[0] = (b[0] as number) + x0;
  b[1] = (b[1] as number) + x1;
  b[2] = (b[2] as number) + x2;
  b[3] = (b[3] as number) + x3;
  b[4] = (b[4] as number) + x4;
  b[5] = (b[5] as number) + x5;
  b[6] = (b[6] as number) + x6;
  b[7] = (b[7] as number) + x7;
  b[8] = (b[8] as number) + x8;
  b[9] = (b[9] as number) + x9;
  b[10] = (b[10] as number) + x10;
  b[11] = (b[11] as number) + x11;
  b[12] = (b[12] as number) + x12;
  b[13] = (b[13] as number) + x13;
  b[14] = (b[14] as number) + x14;
  b[15] = (b[15] as number) + x15;
}

/** scryptBlockMix of `b` (32·r words) into `y`; `x` is a 16-word scratch block. */
function blockMix(b: Uint32Array, y: Uint32Array, r: number, x: Uint32Array): void {
  x.set(b.subarray(32 * r - 16, 32 * r));
  for (let i = 0; i < 2 * r; i++) {
    for (let k = 0; k < 16; k++) (x[k] as number) ^= b[i * 16 + k] as number;
    salsa20x8(x);
    y.set(x, ((i & 1) === 0 ? i >> 1 : r + (i >> 1)) * 16);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** scryptROMix of one 128·r-byte block of `bytes` (little-endian words), in place. */
async function roMix(bytes: Buffer, n: number, r: number): Promise<void> {
  const words = 32 * r;
  const x = new Uint32Array(words);
  const t = new Uint32Array(words);
  const w = new Uint32Array(words);
  const scratch = new Uint32Array(16);
  for (let k = 0; k < words; k++) x[k] = bytes.readUInt32LE(k * 4);
  const kept = new Uint32Array(Math.ceil(n / STEP) * words);
  try {
    for (let i = 0; i < n; i++) {
      if (i % STEP === 0) kept.set(x, (i / STEP) * words);
      blockMix(x, t, r, scratch);
      x.set(t);
      if (i % ITERATIONS_PER_TURN === ITERATIONS_PER_TURN - 1) await turn();
    }
    for (let i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block; N is a power of two below 2^32.
      const j = (x[words - 16] as number) & (n - 1);
      const from = j - (j % STEP);
      w.set(kept.subarray((from / STEP) * words, (from / STEP + 1) * words));
      for (let m = from; m < j; m++) {
        blockMix(w, t, r, scratch);
        w.set(t);
      }
      for (let k = 0; k < words; k++) (x[k] as number) ^= w[k] as number;
      blockMix(x, t, r, scratch);
      x.set(t);
      if (i % ITERATIONS_PER_TURN === ITERATIONS_PER_TURN - 1) await turn();
    }
  } finally {
    releaseBuffer(new Uint8Array(kept.buffer));
  }
  for (let k = 0; k < words; k++) bytes.writeUInt32LE(x[k] as number, k * 4);
}

/** scrypt(passphrase, salt, N, r, p) → `length` bytes; N a power of two. */
export async function scryptLean(
  passphrase: Uint8Array,
  salt: Uint8Array,
  n: number,
  r: number,
  p: number,
  length: number,
): Promise<Buffer> {
  const b = pbkdf2Sync(passphrase, salt, 1, p * 128 * r, 'sha256');
  for (let i = 0; i < p; i++) await roMix(b.subarray(i * 128 * r, (i + 1) * 128 * r), n, r);
  return pbkdf2Sync(passphrase, b, 1, length, 'sha256');
}
