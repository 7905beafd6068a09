import { endianness } from 'node:os';

// Rolling weak checksum: a polynomial (Rabin–Karp) hash mod 2^32 over a random byte table.
//   h(x_0..x_{n-1}) = Σ T[x_i]·B^(n-1-i)
// Rolling one byte costs two multiplies. The table spreads low-entropy data (text, zeros) over all 32 bits,
// which rsync's Adler-style sums do not: their upper half stays tiny for short windows.

const BASE = 0x01000193;
export const WEAK_BASE = BASE;
const BASE2 = Math.imul(BASE, BASE);
const BASE3 = Math.imul(BASE2, BASE);
const BASE4 = Math.imul(BASE3, BASE);
const LITTLE_ENDIAN = endianness() === 'LE';

function makeTable(): Int32Array {
  // splitmix32 with a fixed seed: the table is part of the signature format and must never change.
  // Signed: values above 2^31 in a Uint32Array are not small integers to V8, which made every loop
  // that reads the table several times slower.
  const table = new Int32Array(256);
  let state = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    table[i] = z ^ (z >>> 16);
  }
  return table;
}

export const WEAK_TABLE = makeTable();

/** T[x]·B^k for k = 1, 2, 3: the word loop then adds four table reads and does one multiply. */
const scaled = (factor: number): Int32Array => WEAK_TABLE.map((t) => Math.imul(t, factor));
const TABLE_B1 = scaled(BASE);
const TABLE_B2 = scaled(BASE2);
const TABLE_B3 = scaled(BASE3);

/** Weak hash of `data[start, start+length)`. */
export function weakHash(data: Uint8Array, start: number, length: number): number {
  if (LITTLE_ENDIAN && ((data.byteOffset + start) & 3) === 0 && length >= 64)
    return weakHashWords(data, start, length);
  return weakHashBytes(0, data, start, start + length) >>> 0;
}

function weakHashBytes(seed: number, data: Uint8Array, from: number, to: number): number {
  const t = WEAK_TABLE;
  let h = seed;
  for (let i = from; i < to; i++) h = (Math.imul(h, BASE) + (t[data[i] as number] as number)) | 0;
  return h;
}

/**
 * The same hash four bytes per step, through a 32-bit view of 4-byte-aligned data: one load instead of
 * four and a shorter multiply chain. Measured 1.7x faster than the byte loop on 16 KiB blocks (the
 * signature of every changed block is hashed here). Little-endian: byte 0 of the word comes first.
 */
function weakHashWords(data: Uint8Array, start: number, length: number): number {
  const t = WEAK_TABLE;
  const t1 = TABLE_B1;
  const t2 = TABLE_B2;
  const t3 = TABLE_B3;
  const words = length >>> 2;
  const view = new Uint32Array(data.buffer, data.byteOffset + start, words);
  let h = 0;
  for (let i = 0; i < words; i++) {
    const w = view[i] as number;
    // Each sum is taken mod 2^32 (| 0) so it stays a small integer, as the multiply form did.
    h =
      (((Math.imul(h, BASE4) + (t3[w & 0xff] as number)) | 0) +
        (((t2[(w >>> 8) & 0xff] as number) + (t1[(w >>> 16) & 0xff] as number)) | 0) +
        (t[w >>> 24] as number)) |
      0;
  }
  return weakHashBytes(h, data, start + words * 4, start + length) >>> 0;
}

/** B^(length-1): the factor that removes the outgoing byte of a `length`-byte window. */
export function outFactor(length: number): number {
  let f = 1;
  for (let i = 1; i < length; i++) f = Math.imul(f, BASE);
  return f;
}

/** Slides the window one byte: drop `out`, take `incoming`. */
export function rollWeak(h: number, out: number, incoming: number, factor: number): number {
  const t = WEAK_TABLE;
  return (Math.imul((h - Math.imul(t[out] as number, factor)) | 0, BASE) + (t[incoming] as number)) >>> 0;
}
