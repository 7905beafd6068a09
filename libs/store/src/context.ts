import { randomUUID } from 'node:crypto';
import type { Db, Tables } from './db.js';

/**
 * Rows are read and written within one project. `userId` is the stock API's second scope key:
 * with auth off (the stock protocol) every user has their own rows; with auth on a project's rows
 * are shared by its members (`sharedProject`), and `userId` only records who wrote a document.
 */
export interface Scope {
  projectId: string;
  userId: string;
  sharedProject?: boolean;
}

export type Dialect = 'sqlite' | 'postgres';

export interface StoreContext {
  /** For reads outside a transaction. */
  db: Db;
  /** The dialect's tables (typed as the SQLite ones; PostgreSQL's have the same shape). */
  t: Tables;
  dialect: Dialect;
  /** Epoch seconds; injectable so tests can move time (session hold-off, metrics windows). */
  now: () => number;
  /**
   * Runs `fn` in one transaction. A transaction that lost a race to another writer (a stale
   * conditional update or a duplicate insert) is run again from the start, so it re-reads.
   */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

/** A fresh id in the stock format: uuid4 hex, 32 chars. */
export const newId = (): string => randomUUID().replaceAll('-', '');

export const epochNow = (): number => Math.floor(Date.now() / 1000);

export function parseDoc<T>(text: string): T {
  return JSON.parse(text) as T;
}

export interface Versioned<T> {
  doc: T;
  version: number;
}
