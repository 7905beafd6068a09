import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';

/** Rows are always read and written within one project and one user, like the stock API. */
export interface Scope {
  projectId: string;
  userId: string;
}

export interface StoreContext {
  db: Db;
  /** Epoch seconds; injectable so tests can move time (session hold-off, metrics windows). */
  now: () => number;
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
