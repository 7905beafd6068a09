import { bigint, doublePrecision, index, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of tables-drills.ts.

const epoch = (name: string) => bigint(name, { mode: 'number' });

export const drills = pgTable(
  'drills',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    drillId: text('drill_id').notNull(),
    runId: text('run_id').notNull(),
    jobId: text('job_id').notNull(),
    verifiedJobId: text('verified_job_id').notNull(),
    clientId: text('client_id'),
    timeStarted: epoch('time_started').notNull(),
    result: text('result').notNull(),
    restoreSeconds: doublePrecision('restore_seconds'),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('drills_scope_drill_id').on(t.projectId, t.userId, t.drillId),
    index('drills_scope_verified').on(t.projectId, t.userId, t.verifiedJobId, t.timeStarted),
    index('drills_scope_job').on(t.projectId, t.userId, t.jobId, t.timeStarted),
  ],
);
