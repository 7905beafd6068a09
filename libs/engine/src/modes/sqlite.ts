import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { AgentError } from '../errors.js';
import { onAbort } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';
import type { AgentOptions } from '../agent-options.js';
import type { BackupMode, PreparedSource, StreamRestorer } from './mode.js';

type SqliteDatabase = Database.Database;

/** Loaded on use only: a plain fs backup never pays for the native module. */
async function openDatabase(file: string, readonly: boolean): Promise<SqliteDatabase> {
  const { default: Sqlite } = await import('better-sqlite3');
  try {
    return new Sqlite(file, { readonly, fileMustExist: true, timeout: 10_000 });
  } catch (err) {
    throw new AgentError(`sqlite ${file}: ${(err as Error).message}`);
  }
}

function quickCheck(db: SqliteDatabase, what: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const verdict = rows.map((r) => r.quick_check).join('; ');
  if (verdict !== 'ok') throw new AgentError(`sqlite ${what}: integrity check failed: ${verdict}`);
}

/**
 * Online backup of a live database with SQLite's backup API (what `sqlite3 .backup` uses) into a
 * private temp file, which is then streamed to the codec and deleted. All pages are copied in one
 * step: a step is one read transaction, so the copy is one consistent state even while other
 * connections write (in WAL mode writers are not blocked; in rollback mode they wait for the step).
 */
export const sqliteMode: BackupMode = {
  name: 'sqlite',
  async prepare(o: AgentOptions, log: Logger): Promise<PreparedSource> {
    const file = o.pathToBackup as string;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new AgentError(`--mode sqlite: ${file} is not a database file`);
    const work = await mkdtemp(join(tmpdir(), 'freezer-sqlite-'));
    const unregister = onAbort(() => rmSync(work, { recursive: true, force: true }));
    const copy = join(work, basename(file));
    try {
      const source = await openDatabase(file, true);
      try {
        await source.backup(copy, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
      } finally {
        source.close();
      }
      const check = await openDatabase(copy, true);
      try {
        quickCheck(check, `copy of ${file}`);
      } finally {
        check.close();
      }
    } catch (err) {
      await rm(work, { recursive: true, force: true });
      unregister();
      throw err instanceof AgentError
        ? err
        : new AgentError(`sqlite backup of ${file}: ${(err as Error).message}`);
    }
    log.info(`sqlite: consistent copy of ${file} taken (${(await stat(copy)).size} bytes)`);
    return {
      source: {
        kind: 'stream',
        input: { format: 'sqlite-db', stream: createReadStream(copy), describe: basename(file) },
      },
      async release() {
        await rm(work, { recursive: true, force: true });
        unregister();
      },
    };
  },
};

/**
 * Writes the database file back: into a temp file beside the target, fsynced and integrity-checked,
 * then renamed over it (a stale -wal/-shm of the old file is removed first: SQLite would replay it
 * into the restored file). Stop the application that uses the database before restoring over it.
 */
export const sqliteRestorer: StreamRestorer = {
  format: 'sqlite-db',
  async restore(o, data, log, source) {
    let target = o.restoreAbsPath as string;
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) {
      target = join(target, source ?? 'database.sqlite');
    }
    const current = existing?.isDirectory() ? await stat(target).catch(() => undefined) : existing;
    if (current && !o.overwrite)
      throw new AgentError(`restore target ${target} exists: use --overwrite (with the application stopped)`);
    if (o.dryRun) {
      for await (const chunk of data) void chunk;
      return { target };
    }
    const temp = join(dirname(target), `.${basename(target)}.freezer-${randomBytes(4).toString('hex')}`);
    try {
      await pipeline(data, createWriteStream(temp, { mode: 0o600 }));
      const handle = await open(temp, 'r+');
      await handle.sync();
      await handle.close();
      const db = await openDatabase(temp, true);
      try {
        quickCheck(db, `restored ${target}`);
      } finally {
        db.close();
        // Opening a WAL-mode file leaves an empty -wal/-shm beside it, named after the temp file.
        await rm(`${temp}-wal`, { force: true });
        await rm(`${temp}-shm`, { force: true });
      }
      await rm(`${target}-wal`, { force: true });
      await rm(`${target}-shm`, { force: true });
      await rename(temp, target);
    } catch (err) {
      for (const leftover of [temp, `${temp}-wal`, `${temp}-shm`]) await rm(leftover, { force: true });
      throw err;
    }
    log.info(`sqlite: database restored to ${target}`);
    return { target };
  },
};
