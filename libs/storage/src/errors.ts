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

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The socket-level code behind an HTTP client error (fetch and the AWS SDK nest it in `cause`). */
export function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth += 1) {
    const code = errnoCode(e);
    if (code && NETWORK_CODES.has(code)) return code;
    // AggregateError (happy eyeballs) hides the code in .errors
    const inner = (e as { errors?: unknown[] }).errors?.map(errnoCode).find((c) => c && NETWORK_CODES.has(c));
    if (inner) return inner;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
