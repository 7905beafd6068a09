import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Db, Tables } from './db.js';
import { isPostgresUrl, migrationsFolder } from './db.js';
import * as pgTables from './tables-pg.js';

export interface OpenedPgDb {
  db: Db;
  tables: Tables;
  pool: pg.Pool;
  /** The URL without its password, for logs and /healthz. */
  safeUrl: string;
  transaction<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Any fixed number: every API replica takes this advisory lock while migrating, so two replicas
// starting at once on an empty database do not both create the tables.
const MIGRATION_LOCK = 7_164_022;

/** The database URL without its password (SQLite paths are returned as they are). */
export function redactUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparsable url)';
  }
}

/** Connects a pool to PostgreSQL and applies the PostgreSQL migration history. */
export async function openPgDb(url: string, poolSize = 10): Promise<OpenedPgDb> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const pgDb = drizzle(pool, { schema: pgTables });
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(pgDb, { migrationsFolder: migrationsFolder('drizzle-pg') });
  } catch (err) {
    lock.release();
    await pool.end();
    throw err;
  }
  await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  lock.release();
  // The one place the dialects meet: the builder API used by repositories is common to both.
  const db = pgDb as unknown as Db;
  return {
    db,
    tables: pgTables as unknown as Tables,
    pool,
    safeUrl: redactUrl(url),
    transaction: (fn) => pgDb.transaction(async (tx) => fn(tx as unknown as Db)),
    close: () => pool.end(),
  };
}
