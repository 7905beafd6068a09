import { networkCode } from '../../errors.js';
import { StorageError, type StorageErrorCode } from '../../storage.js';

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const AUTH_NAMES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken']);
export function isRetryable(err: unknown): boolean {
  if (networkCode(err)) return true;
  const status = (err as AwsLikeError).$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || status === 429;
}

export function s3Error(storage: string, err: unknown, what: string): StorageError {
  if (err instanceof StorageError) return err;
  const aws = err as AwsLikeError;
  const status = aws.$metadata?.httpStatusCode;
  const net = networkCode(err);
  let code: StorageErrorCode = 'io';
  let detail = aws.message || aws.name || String(err);
  if (net) {
    code =
      net === 'ECONNREFUSED' || net === 'ENOTFOUND' || net === 'EHOSTUNREACH' ? 'unreachable' : 'interrupted';
    detail = `endpoint not reachable (${net})`;
  } else if (AUTH_NAMES.has(aws.name ?? '') || status === 403 || status === 401) {
    code = 'auth';
    detail = `credentials rejected (${aws.name ?? status})`;
  } else if (
    aws.name === 'NoSuchKey' ||
    aws.name === 'NotFound' ||
    aws.name === 'NoSuchBucket' ||
    status === 404
  ) {
    code = 'not-found';
  }
  return new StorageError(storage, code, `${what}: ${detail}`, { cause: err });
}
