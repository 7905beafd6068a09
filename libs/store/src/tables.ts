import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Every table: an integer surrogate key (insertion order = the stock list order), the public id,
// the (project_id, user_id) scope, a few columns that searches and metrics filter on, and the full
// document as JSON text. Only portable column types are used so a PostgreSQL twin stays mechanical.

export const clients = sqliteTable(
  'clients',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    clientId: text('client_id').notNull(),
    uuid: text('uuid').notNull(),
    hostname: text('hostname'),
    lastSeen: integer('last_seen'),
    registeredAt: integer('registered_at').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('clients_scope_client_id').on(t.projectId, t.userId, t.clientId)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('jobs_scope_job_id').on(t.projectId, t.userId, t.jobId),
    index('jobs_scope_client').on(t.projectId, t.userId, t.clientId, t.seq),
    index('jobs_scope_session').on(t.projectId, t.userId, t.sessionId),
  ],
);

export const actions = sqliteTable(
  'actions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    actionId: text('action_id').notNull(),
    version: integer('version').notNull().default(1),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('actions_scope_action_id').on(t.projectId, t.userId, t.actionId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull().default(1),
    doc: text('doc').notNull(),
  },
  (t) => [uniqueIndex('sessions_scope_session_id').on(t.projectId, t.userId, t.sessionId)],
);

export const backups = sqliteTable(
  'backups',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    backupId: text('backup_id').notNull(),
    userName: text('user_name'),
    jobId: text('job_id'),
    backupUuid: text('backup_uuid'),
    hostname: text('hostname'),
    timeStamp: integer('time_stamp'),
    bytesStored: integer('bytes_stored'),
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

export const jobRuns = sqliteTable(
  'job_runs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    runId: text('run_id').notNull(),
    jobId: text('job_id').notNull(),
    timeStarted: integer('time_started').notNull(),
    result: text('result').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('job_runs_scope_run_id').on(t.projectId, t.userId, t.runId),
    index('job_runs_scope_job').on(t.projectId, t.userId, t.jobId, t.timeStarted),
    index('job_runs_scope_time').on(t.projectId, t.timeStarted),
  ],
);
export * from './tables-auth.js';
export * from './tables-catalog.js';
export * from './tables-limits.js';
export * from './tables-alerts.js';
export * from './tables-drills.js';
