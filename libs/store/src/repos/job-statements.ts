import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { Scope } from '../context.js';
import type { jobs } from '../tables.js';

type JobRow = typeof jobs.$inferSelect;

export interface JobColumns {
  clientId: string;
  sessionId: string;
  status: string | null;
  event: string | null;
  result: string | null;
  doc: string;
}

const ph = (name: string) => sql.placeholder(name);
// `set()` types only accept values or SQL, so its placeholders are wrapped in an SQL fragment.
const setPh = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * SQLite prepared statements for the per-job hot paths (job event, PATCH, the scheduler's
 * status updates): the row by id and the version-guarded update. SQLite runs every query on one
 * connection, so statements prepared on the store's `db` also serve inside its transactions.
 */
export class SqliteJobStatements {
  private readonly rowOwn;
  private readonly rowShared;
  private readonly update;

  constructor(db: Db, t: typeof jobs) {
    const select = (withUser: boolean) =>
      db
        .select()
        .from(t)
        .where(
          and(
            eq(t.projectId, ph('projectId')),
            withUser ? eq(t.userId, ph('userId')) : undefined,
            eq(t.jobId, ph('jobId')),
          ),
        )
        .limit(1)
        .prepare();
    this.rowOwn = select(true);
    this.rowShared = select(false);
    this.update = db
      .update(t)
      .set({
        clientId: setPh('clientId'),
        sessionId: setPh('sessionId'),
        status: setPh('status'),
        event: setPh('event'),
        result: setPh('result'),
        doc: setPh('doc'),
        version: setPh('version'),
        updatedAt: setPh('updatedAt'),
      })
      .where(and(eq(t.seq, ph('seq')), eq(t.version, ph('expected'))))
      .prepare();
  }

  row(scope: Scope, jobId: string): JobRow | undefined {
    return scope.sharedProject
      ? this.rowShared.get({ projectId: scope.projectId, jobId })
      : this.rowOwn.get({ projectId: scope.projectId, userId: scope.userId, jobId });
  }

  /** True when the row still had version `row.version` and was updated. */
  write(row: JobRow, cols: JobColumns, version: number, updatedAt: number): boolean {
    const r = this.update.run({ ...cols, version, updatedAt, seq: row.seq, expected: row.version });
    return r.changes === 1;
  }
}
