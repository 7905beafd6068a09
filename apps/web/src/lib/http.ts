import { ApiError, ApiUnreachableError } from '@freezer/api-client';

export { ApiError };

/** True for an API answer with this status (not for a network failure). */
export function hasStatus(err: unknown, status: number): boolean {
  return err instanceof ApiError && err.status === status;
}

/** One line for the page: the API's description, or what went wrong on the way. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiUnreachableError) {
    return 'API unreachable: Could not reach the Freezer API. Is it running?';
  }
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
