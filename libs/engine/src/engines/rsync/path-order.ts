/**
 * The walk's order on relative byte paths: component by component, names in byte order, a directory
 * right before its contents — the same as comparing the bytes with '/' below every other byte (a name
 * holds neither '/' nor NUL). A manifest and a data stream written by one walk are sorted by it, so
 * two of them can be merged path by path without holding either.
 */
export function comparePaths(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) continue;
    if (x === SLASH) return -1;
    if (y === SLASH) return 1;
    return x - y;
  }
  return a.length - b.length;
}

const SLASH = 0x2f;

/** `dir` is `path`'s parent or a directory above it ('' is above every non-empty path). */
export function isAncestor(dir: Buffer, path: Buffer): boolean {
  if (dir.length === 0) return path.length > 0;
  return path.length > dir.length && path[dir.length] === SLASH && dir.equals(path.subarray(0, dir.length));
}
