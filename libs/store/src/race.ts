import { StoreError } from './errors.js';

/** A conditional write matched no row: another writer changed it since we read it. */
export class RaceLost extends Error {
  constructor(what: string) {
    super(`${what} was changed concurrently`);
    this.name = 'RaceLost';
  }
}

const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
// PostgreSQL serialization failure and deadlock: safe to run the transaction again.
const RETRY_CODES = new Set(['40001', '40P01']);

function codeChain(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur !== null && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether a failed transaction may succeed when run again (it will then see the winner's row). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RaceLost) return true;
  return codeChain(err).some((c) => UNIQUE_CODES.has(c) || RETRY_CODES.has(c));
}

const MAX_ATTEMPTS = 8;

export async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (i >= MAX_ATTEMPTS) {
        throw new StoreError(
          'conflict',
          'too many concurrent writers on the same document; retry the request',
        );
      }
    }
  }
}
