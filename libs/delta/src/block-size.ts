export const MIN_BLOCK_SIZE = 2 * 1024;
export const MAX_BLOCK_SIZE = 1024 * 1024;

/**
 * rsync's rule of thumb: a block near sqrt(size) balances signature size (size / block) against the
 * literal bytes one small change costs (one block). Rounded to the nearest power of two and clamped, so a
 * 500 MiB file gets 16 KiB blocks (~32k blocks, ~670 KB of signature) and a 200 GiB file 512 KiB.
 */
export function chooseBlockSize(fileSize: number): number {
  if (fileSize <= MIN_BLOCK_SIZE * MIN_BLOCK_SIZE) return MIN_BLOCK_SIZE;
  const size = 2 ** Math.round(Math.log2(Math.sqrt(fileSize)));
  return Math.min(MAX_BLOCK_SIZE, Math.max(MIN_BLOCK_SIZE, size));
}
