import { expect } from 'vitest';
import { MysqlSession } from '../../src/modes/mysql-session.js';

/**
 * Runs `fn` with os.tmpdir() pointing at `dir` (it reads TMPDIR on every call), so a test can check
 * that a run left no temp file or directory behind.
 */
export async function withTmpdir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

export interface Writer {
  /** Transactions committed so far. */
  written(): number;
  /** Stops after the transaction in flight; resolves with the number committed. */
  stop(): Promise<number>;
}

/** A client committing `statement(k)` transactions back to back (k = 1, 2, ...) until stopped. */
export async function ledgerWriter(
  server: { socket: string },
  statement: (k: number) => string,
): Promise<Writer> {
  const session = MysqlSession.open('mariadb', {
    conf: {},
    args: ['--no-defaults', `--socket=${server.socket}`, '-uroot'],
    env: {},
  });
  let count = 0;
  let running = true;
  await session.query(statement(++count));
  const loop = (async () => {
    while (running) {
      await session.query(statement(count + 1));
      count++;
    }
    await session.close();
  })();
  return {
    written: () => count,
    async stop() {
      running = false;
      await loop;
      return count;
    },
  };
}

/** What a ledger test reads back: the items' count and sum, and the ledger row that should agree. */
export interface LedgerState {
  count: number;
  sum: number;
  ledger: string;
}

/** A point taken under writes restores one consistent state, between the counts before and after it. */
export function expectConsistentLedger(restored: LedgerState, before: number, after: number): void {
  expect(restored.ledger).toBe(`${restored.count} ${restored.sum}`);
  expect(restored.count).toBeGreaterThanOrEqual(before);
  expect(restored.count).toBeLessThanOrEqual(after);
}
