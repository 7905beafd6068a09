// Rolling weak checksum: a polynomial (Rabin–Karp) hash mod 2^32 over a random byte table.
//   h(x_0..x_{n-1}) = Σ T[x_i]·B^(n-1-i)
// Rolling one byte costs two multiplies. The table spreads low-entropy data (text, zeros) over all 32 bits,
// which rsync's Adler-style sums do not: their upper half stays tiny for short windows.

const BASE = 0x01000193;

function makeTable(): Uint32Array {
  // splitmix32 with a fixed seed: the table is part of the signature format and must never change.
  const table = new Uint32Array(256);
  let state = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    table[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return table;
}

export const WEAK_TABLE = makeTable();

/** Weak hash of `data[start, start+length)`. */
export function weakHash(data: Uint8Array, start: number, length: number): number {
  const t = WEAK_TABLE;
  let h = 0;
  const end = start + length;
  for (let i = start; i < end; i++) h = (Math.imul(h, BASE) + (t[data[i] as number] as number)) | 0;
  return h >>> 0;
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
