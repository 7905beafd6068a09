import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * Async transactions on the one better-sqlite3 connection. Queries of an open transaction can
 * yield to other requests at each `await`, so transactions are queued one at a time; BEGIN
 * IMMEDIATE takes the write lock up front so other processes on the same file wait (busy_timeout).
 */
export function sqliteTransactions(sqlite: Database.Database, db: Db) {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(db);
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw err;
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
}
