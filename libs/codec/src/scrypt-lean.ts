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

/** out[oi..oi+16) = Salsa20/8(prev[pi..pi+16) XOR inp[ii..ii+16)); `out` may be `prev` or `inp`. */
function xorSalsa(
  prev: Uint32Array,
  pi: number,
  inp: Uint32Array,
  ii: number,
  out: Uint32Array,
  oi: number,
): void {
  const y0 = (prev[pi + 0] as number) ^ (inp[ii + 0] as number);
  const y1 = (prev[pi + 1] as number) ^ (inp[ii + 1] as number);
  const y2 = (prev[pi + 2] as number) ^ (inp[ii + 2] as number);
  const y3 = (prev[pi + 3] as number) ^ (inp[ii + 3] as number);
  const y4 = (prev[pi + 4] as number) ^ (inp[ii + 4] as number);
  const y5 = (prev[pi + 5] as number) ^ (inp[ii + 5] as number);
  const y6 = (prev[pi + 6] as number) ^ (inp[ii + 6] as number);
  const y7 = (prev[pi + 7] as number) ^ (inp[ii + 7] as number);
  const y8 = (prev[pi + 8] as number) ^ (inp[ii + 8] as number);
  const y9 = (prev[pi + 9] as number) ^ (inp[ii + 9] as number);
  const y10 = (prev[pi + 10] as number) ^ (inp[ii + 10] as number);
  const y11 = (prev[pi + 11] as number) ^ (inp[ii + 11] as number);
  const y12 = (prev[pi + 12] as number) ^ (inp[ii + 12] as number);
  const y13 = (prev[pi + 13] as number) ^ (inp[ii + 13] as number);
  const y14 = (prev[pi + 14] as number) ^ (inp[ii + 14] as number);
  const y15 = (prev[pi + 15] as number) ^ (inp[ii + 15] as number);
  let x0 = y0;
  let x1 = y1;
  let x2 = y2;
  let x3 = y3;
  let x4 = y4;
  let x5 = y5;
  let x6 = y6;
  let x7 = y7;
  let x8 = y8;
  let x9 = y9;
  let x10 = y10;
  let x11 = y11;
  let x12 = y12;
  let x13 = y13;
  let x14 = y14;
  let x15 = y15;
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
  out[oi + 0] = (x0 + y0) | 0;
  out[oi + 1] = (x1 + y1) | 0;
  out[oi + 2] = (x2 + y2) | 0;
  out[oi + 3] = (x3 + y3) | 0;
  out[oi + 4] = (x4 + y4) | 0;
  out[oi + 5] = (x5 + y5) | 0;
  out[oi + 6] = (x6 + y6) | 0;
  out[oi + 7] = (x7 + y7) | 0;
  out[oi + 8] = (x8 + y8) | 0;
  out[oi + 9] = (x9 + y9) | 0;
  out[oi + 10] = (x10 + y10) | 0;
  out[oi + 11] = (x11 + y11) | 0;
  out[oi + 12] = (x12 + y12) | 0;
  out[oi + 13] = (x13 + y13) | 0;
  out[oi + 14] = (x14 + y14) | 0;
  out[oi + 15] = (x15 + y15) | 0;
}

/**
 * scryptBlockMix of input[ii..ii+32r) into out[oi..oi+32r) (no overlap): Y_i = Salsa(Y_{i-1} XOR B_i),
 * even-numbered results to the first half, odd-numbered to the second.
 */
function blockMix(input: Uint32Array, ii: number, out: Uint32Array, oi: number, r: number): void {
  let head = oi;
  let tail = oi + 16 * r;
  // X = B[2r-1], kept where the first Salsa reads its "previous" block.
  out.set(input.subarray(ii + (2 * r - 1) * 16, ii + 2 * r * 16), tail);
  for (let i = 0; i < r; i++, head += 16, ii += 16) {
    xorSalsa(out, tail, input, ii, out, head);
    if (i > 0) tail += 16;
    ii += 16;
    xorSalsa(out, head, input, ii, out, tail);
  }
}

const PAGE_BYTES = 64 * 1024;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** scryptROMix of one 128·r-byte block of `bytes` (little-endian words), in place. */
async function roMix(bytes: Buffer, n: number, r: number): Promise<void> {
  const words = 32 * r;
  let x = new Uint32Array(words);
  let t = new Uint32Array(words);
  let w = new Uint32Array(words);
  let w2 = new Uint32Array(words);
  for (let k = 0; k < words; k++) x[k] = bytes.readUInt32LE(k * 4);
  // The kept entries live in pages below glibc's initial mmap threshold (128 KiB): one 8 MiB table is
  // an mmap whose free raises that threshold to 8 MiB for the rest of the process, after which every
  // block-sized buffer of the backup comes from the brk heap, which fragments and is not given back.
  const entries = Math.ceil(n / STEP);
  const perPage = Math.max(1, Math.floor(PAGE_BYTES / (words * 4)));
  const pages = Array.from(
    { length: Math.ceil(entries / perPage) },
    (_, p) => new Uint32Array(Math.min(perPage, entries - p * perPage) * words),
  );
  try {
    for (let i = 0; i < n; i++) {
      if (i % STEP === 0) {
        const e = i / STEP;
        (pages[Math.floor(e / perPage)] as Uint32Array).set(x, (e % perPage) * words);
      }
      blockMix(x, 0, t, 0, r);
      [x, t] = [t, x];
      if (i % ITERATIONS_PER_TURN === ITERATIONS_PER_TURN - 1) await turn();
    }
    for (let i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block; N is a power of two below 2^32.
      const j = (x[words - 16] as number) & (n - 1);
      const from = j - (j % STEP);
      // V[j], from the kept V[from] and j - from BlockMixes.
      const e = from / STEP;
      let v = pages[Math.floor(e / perPage)] as Uint32Array;
      let at = (e % perPage) * words;
      for (let m = from; m < j; m++) {
        blockMix(v, at, w, 0, r);
        v = w;
        at = 0;
        [w, w2] = [w2, w];
      }
      for (let k = 0; k < words; k++) t[k] = (x[k] as number) ^ (v[at + k] as number);
      blockMix(t, 0, x, 0, r);
      if (i % ITERATIONS_PER_TURN === ITERATIONS_PER_TURN - 1) await turn();
    }
  } finally {
    for (const page of pages) releaseBuffer(new Uint8Array(page.buffer));
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
