// Deflate spends as much CPU on random or already-compressed bytes (media, archives, encrypted files) as
// on text (~20 ms per MiB at level 6), only to emit them as stored blocks in the end. A cheap byte-entropy
// estimate finds such stretches so the gzip path can store them directly (zlib level 0), which costs
// next to nothing and is still standard gzip.

/** Granularity of the decision: tar members are 512-byte aligned and often smaller than a block. */
const CHUNK_BYTES = 64 * 1024;
const SAMPLE_BYTES = 4096;
/** Bits per byte above which deflate gains next to nothing (random data measures ~7.95 on 4 KiB). */
const THRESHOLD_BITS = 7.8;

const counts = new Uint32Array(256);

function sampleEntropy(data: Uint8Array, start: number): number {
  counts.fill(0);
  for (let i = start, end = start + SAMPLE_BYTES; i < end; i++) {
    const byte = data[i] as number;
    counts[byte] = (counts[byte] as number) + 1;
  }
  let bits = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i] as number;
    if (c > 0) {
      const p = c / SAMPLE_BYTES;
      bits -= p * Math.log2(p);
    }
  }
  return bits;
}

/** Both ends of the chunk must look random, so a chunk that mixes text and random bytes is compressed. */
function chunkLooksRandom(data: Uint8Array, start: number, end: number): boolean {
  if (end - start < 2 * SAMPLE_BYTES) return false;
  return (
    sampleEntropy(data, start) >= THRESHOLD_BITS && sampleEntropy(data, end - SAMPLE_BYTES) >= THRESHOLD_BITS
  );
}

export interface CompressibilityRun {
  start: number;
  end: number;
  /** True when the stretch looks random: store it instead of compressing it. */
  incompressible: boolean;
}

/** `data` split into maximal stretches that look compressible or not (at least one run, even when empty). */
export function compressibilityRuns(data: Uint8Array): CompressibilityRun[] {
  const runs: CompressibilityRun[] = [];
  for (let start = 0; start < data.length || runs.length === 0; start += CHUNK_BYTES) {
    const end = Math.min(start + CHUNK_BYTES, data.length);
    const incompressible = chunkLooksRandom(data, start, end);
    const last = runs.at(-1);
    if (last && last.incompressible === incompressible) last.end = end;
    else runs.push({ start, end, incompressible });
  }
  return runs;
}
