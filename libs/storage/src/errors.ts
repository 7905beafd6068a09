import { StorageError, type StorageErrorCode } from './storage.js';

/** Wraps anything thrown by a client library into a StorageError with one readable line. */
export function toStorageError(
  storage: string,
  err: unknown,
  fallback: StorageErrorCode,
  context: string,
): StorageError {
  if (err instanceof StorageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StorageError(storage, fallback, `${context}: ${message}`, { cause: err });
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
