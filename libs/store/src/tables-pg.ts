import { bigint, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of tables.ts: same table, column and index names, so repositories run
// unchanged on both (tables-parity.test.ts keeps them in step). Epoch seconds and byte counts are
// bigint (read as JS numbers); `seq` is a serial keeping insertion order.

const epoch = (name: string) => bigint(name, { mode: 'number' });

export const clients = pgTable(
  'clients',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    clientId: text('client_id').notNull(),
    uuid: text('uuid').notNull(),
    hostname: text('hostname'),
    lastSeen: epoch('last_seen'),
    registeredAt: epoch('registered_at').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('clients_scope_client_id').on(t.projectId, t.userId, t.clientId)],
);

export const jobs = pgTable(
  'jobs',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    jobId: text('job_id').notNull(),
    clientId: text('client_id').notNull(),
    sessionId: text('session_id').notNull().default(''),
    status: text('status'),
    event: text('event'),
    result: text('result'),
    version: integer('version').notNull().default(1),
    doc: text('doc').notNull(),
    createdAt: epoch('created_at').notNull(),
    updatedAt: epoch('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('jobs_scope_job_id').on(t.projectId, t.userId, t.jobId),
    index('jobs_scope_client').on(t.projectId, t.userId, t.clientId, t.seq),
    index('jobs_scope_session').on(t.projectId, t.userId, t.sessionId),
  ],
);

export const actions = pgTable(
  'actions',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    actionId: text('action_id').notNull(),
    version: integer('version').notNull().default(1),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('actions_scope_action_id').on(t.projectId, t.userId, t.actionId)],
);

export const sessions = pgTable(
  'sessions',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull().default(1),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('sessions_scope_session_id').on(t.projectId, t.userId, t.sessionId)],
);

export const backups = pgTable(
  'backups',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    backupId: text('backup_id').notNull(),
    userName: text('user_name'),
    jobId: text('job_id'),
    backupUuid: text('backup_uuid'),
    hostname: text('hostname'),
    timeStamp: epoch('time_stamp'),
    bytesStored: bigint('bytes_stored', { mode: 'number' }),
    result: text('result'),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('backups_scope_backup_id').on(t.projectId, t.userId, t.backupId),
    // Unique: the same backup posted to two replicas at once must be stored once.
    uniqueIndex('backups_scope_uuid').on(t.projectId, t.userId, t.backupUuid),
    index('backups_scope_time').on(t.projectId, t.timeStamp),
  ],
);

export const jobRuns = pgTable(
  'job_runs',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    runId: text('run_id').notNull(),
    jobId: text('job_id').notNull(),
    timeStarted: epoch('time_started').notNull(),
    result: text('result').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('job_runs_scope_run_id').on(t.projectId, t.userId, t.runId),
    index('job_runs_scope_job').on(t.projectId, t.userId, t.jobId, t.timeStarted),
    index('job_runs_scope_time').on(t.projectId, t.timeStarted),
  ],
);
export * from './tables-auth-pg.js';
export * from './tables-catalog-pg.js';
export * from './tables-limits-pg.js';
export * from './tables-alerts-pg.js';
export * from './tables-drills-pg.js';
