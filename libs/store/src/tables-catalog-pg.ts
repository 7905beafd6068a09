import { bigint, customType, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of tables-catalog.ts (same names; see there for the layout).

const epoch = (name: string) => bigint(name, { mode: 'number' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const catalogPoints = pgTable(
  'catalog_points',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    backupId: text('backup_id').notNull(),
    hostname: text('hostname').notNull(),
    backupName: text('backup_name').notNull(),
    level0TimeStamp: epoch('level0_time_stamp').notNull(),
    level: integer('level').notNull(),
    timeStamp: epoch('time_stamp').notNull(),
    parents: text('parents').notNull(),
    entries: integer('entries').notNull(),
    status: integer('status').notNull(),
  },
  (t) => [
    index('catalog_points_backup').on(t.projectId, t.backupId),
    index('catalog_points_chain').on(t.projectId, t.hostname, t.backupName, t.level0TimeStamp),
  ],
);

export const catalogChunks = pgTable(
  'catalog_chunks',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    hash: text('hash').notNull(),
    body: bytea('body').notNull(),
    /** The lines' names in lower case, one per line, plain: searched by the database. */
    names: text('names').notNull(),
  },
  (t) => [
    uniqueIndex('catalog_chunks_project_hash').on(t.projectId, t.hash),
    index('catalog_chunks_project_seq').on(t.projectId, t.seq),
  ],
);

export const catalogDirs = pgTable(
  'catalog_dirs',
  {
    seq: serial('seq').primaryKey(),
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
