import { StorageError } from './storage.js';

/**
 * Normalises a storage-relative path ('a/b/c'). Rejects absolute paths and '..' so that no caller
 * (or a crafted backup name) can escape the container on any driver.
 */
export function normalizeObjectPath(storage: string, path: string, allowEmpty = false): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) {
    throw new StorageError(storage, 'config', `invalid path '${path}': '..' is not allowed`);
  }
  if (path.startsWith('/')) {
    throw new StorageError(storage, 'config', `invalid path '${path}': must be relative to the container`);
  }
  const joined = parts.join('/');
  if (joined === '' && !allowEmpty) {
    throw new StorageError(storage, 'config', 'invalid path: empty');
  }
  return joined;
}

/** A readRange's bounds: whole non-negative numbers with start <= end. */
export function checkRange(storage: string, start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new StorageError(storage, 'config', `invalid byte range ${start}-${end}`);
  }
}

/** True when `path` is `prefix` itself or lies below it (path semantics, not string prefix). */
export function isAtOrBelow(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/** Temporaries every driver writes next to the final name; list() never shows them. */
export const PARTIAL_MARKER = '.partial-';

export function isPartialName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.includes(PARTIAL_MARKER);
}

export function partialName(path: string): string {
  const random = Math.random().toString(16).slice(2, 10) + Date.now().toString(16);
  return `${path}${PARTIAL_MARKER}${random}`;
}

/**
 * The `<host>_<name>` folder of a backup's data path (`data/<engine>/<host>_<name>/<L0>/<level>_<ts>/data`,
 * the stock layout), or undefined for a path outside it. Drivers sweep it for what a run that died left
 * behind (unfinished multipart uploads, segments without a manifest) before a new upload starts: one agent
 * at a time writes a given backup name, so anything unfinished found there is abandoned.
 */
export function backupNameFolder(path: string): string | undefined {
  const parts = path.split('/');
  if (parts.length !== 6 || parts[0] !== 'data' || parts[5] !== 'data') return undefined;
  return parts.slice(0, 3).join('/');
}
