import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tables from './tables.js';

export type Tables = typeof tables;
/**
 * Repositories are written against this type and only use the builder API both dialects share
 * (awaited queries, never `.get()`/`.all()`/`.run()`), so the PostgreSQL database fits it too.
 */
export type Db = BetterSQLite3Database<Tables>;

export interface OpenedDb {
  db: Db;
  sqlite: Database.Database;
  path: string;
  close(): void;
}

export const DEFAULT_DB_PATH = './data/freezer.sqlite';

/**
 * Finds a committed drizzle-kit migrations folder whether this code runs from source
 * (libs/store/src) or bundled into an app's dist/main.js (resolved via the workspace package).
 */
export function migrationsFolder(name: 'drizzle' | 'drizzle-pg' = 'drizzle'): string {
  const fromSource = fileURLToPath(new URL(`../${name}`, import.meta.url));
  if (existsSync(join(fromSource, 'meta', '_journal.json'))) return fromSource;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@freezer/store/package.json')), name);
}

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/** Accepts a plain path, `sqlite:<path>`, `sqlite://<path>` or `file:<path>`. */
export function sqlitePathFromUrl(url: string): string {
  if (isPostgresUrl(url)) throw new Error('not a SQLite path: this is a PostgreSQL URL');
  const stripped = url.replace(/^sqlite:(\/\/)?/, '').replace(/^file:(\/\/)?/, '');
  if (stripped === '') throw new Error('empty database path');
  return stripped;
}

/** Opens (creating the directory and file if needed) and migrates the SQLite database. */
export function openDb(path: string = DEFAULT_DB_PATH): OpenedDb {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema: tables });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, sqlite, path: file, close: () => sqlite.close() };
}

/** Applied migrations (id, hash, created_at), for health checks and the migration test. */
export function appliedMigrations(sqlite: Database.Database): { hash: string; created_at: number }[] {
  return sqlite.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id').all() as {
    hash: string;
    created_at: number;
  }[];
}
