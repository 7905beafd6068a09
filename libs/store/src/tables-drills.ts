import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Restore drills (the PostgreSQL twin is tables-drills-pg.ts). One row per drill action of a run; the
// run's report is its document. `verified_job_id` is the backup job the drill proves (the drill job's
// `verifies_job_id`, else the job itself), so "last drill per backup job" is one index range each.

export const drills = sqliteTable(
  'drills',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    drillId: text('drill_id').notNull(),
    runId: text('run_id').notNull(),
    jobId: text('job_id').notNull(),
    verifiedJobId: text('verified_job_id').notNull(),
    clientId: text('client_id'),
    timeStarted: integer('time_started').notNull(),
    result: text('result').notNull(),
    restoreSeconds: real('restore_seconds'),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('drills_scope_drill_id').on(t.projectId, t.userId, t.drillId),
    index('drills_scope_verified').on(t.projectId, t.userId, t.verifiedJobId, t.timeStarted),
    index('drills_scope_job').on(t.projectId, t.userId, t.jobId, t.timeStarted),
  ],
);
