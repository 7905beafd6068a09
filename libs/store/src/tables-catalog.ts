import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// File catalogs (SQLite; the PostgreSQL twin is tables-catalog-pg.ts). A point's records are not
// stored one row each: per directory they are packed into deflated chunks of lines, shared by every
// point of the project whose directory had the very same records (a full backup of an unchanged
// folder costs one small row). That keeps a million entries at a few bytes each on both databases.

/** One backup point that has a catalog. `status` 0 while its upload runs, 1 once complete. */
export const catalogPoints = sqliteTable(
  'catalog_points',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    backupId: text('backup_id').notNull(),
    hostname: text('hostname').notNull(),
    backupName: text('backup_name').notNull(),
    level0TimeStamp: integer('level0_time_stamp').notNull(),
    level: integer('level').notNull(),
    timeStamp: integer('time_stamp').notNull(),
    /** JSON array of the parents' time stamps, level 0 first. */
    parents: text('parents').notNull(),
    entries: integer('entries').notNull(),
    status: integer('status').notNull(),
  },
  (t) => [
    index('catalog_points_backup').on(t.projectId, t.backupId),
    index('catalog_points_chain').on(t.projectId, t.hostname, t.backupName, t.level0TimeStamp),
  ],
);

/**
 * Deflated records (one line each) of part of one directory; `hash` is of the plain text. Their names
 * are kept beside them in plain text so a search by name skips, inside the database, every chunk
 * that cannot match.
 */
export const catalogChunks = sqliteTable(
  'catalog_chunks',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    hash: text('hash').notNull(),
    body: blob('body', { mode: 'buffer' }).notNull(),
    /** The lines' names in lower case, one per line, plain: searched by the database. */
    names: text('names').notNull(),
  },
  (t) => [
    uniqueIndex('catalog_chunks_project_hash').on(t.projectId, t.hash),
    index('catalog_chunks_project_seq').on(t.projectId, t.seq),
  ],
);

/**
 * A directory of a point: a row per chunk of its records, a row without chunk for a directory that
 * exists but recorded nothing, and a `deleted` row for each path the point deleted (so listing a
 * folder below a deleted one knows it is gone).
 */
export const catalogDirs = sqliteTable(
  'catalog_dirs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    pointSeq: integer('point_seq').notNull(),
    path: text('path').notNull(),
    chunkSeq: integer('chunk_seq'),
    deleted: integer('deleted').notNull(),
  },
  (t) => [
    index('catalog_dirs_point_path').on(t.pointSeq, t.path),
    index('catalog_dirs_chunk').on(t.chunkSeq),
  ],
);
