import type { MetricsDay, MetricsSummary, MetricsTimeseries } from '@freezer/schema';
import { and, count, eq, gte, sql, sum, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope, StoreContext } from '../context.js';
import { backups, clients, jobRuns, jobs, sessions } from '../tables.js';

const DAY = 86_400;

function dateOf(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 10);
}

export class MetricsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private countOf(
    where: SQL | undefined,
    table: typeof jobs | typeof clients | typeof sessions | typeof backups,
  ): number {
    return this.ctx.db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  }

  async summary(scope: Scope, staleAfter: number): Promise<MetricsSummary> {
    const now = this.ctx.now();
    const db = this.ctx.db;
    const inScope = (t: { projectId: SQLiteColumn; userId: SQLiteColumn }) =>
      and(eq(t.projectId, scope.projectId), eq(t.userId, scope.userId));

    const clientsTotal = this.countOf(inScope(clients), clients);
    const online = this.countOf(and(inScope(clients), gte(clients.lastSeen, now - staleAfter)), clients);

    const byStatus: Record<string, number> = {};
    const byResult: Record<string, number> = {};
    let jobsTotal = 0;
    for (const row of db
      .select({ status: jobs.status, result: jobs.result, n: count() })
      .from(jobs)
      .where(inScope(jobs))
      .groupBy(jobs.status, jobs.result)
      .all()) {
      jobsTotal += row.n;
      const status = row.status ?? '';
      const result = row.result ?? '';
      byStatus[status] = (byStatus[status] ?? 0) + row.n;
      byResult[result] = (byResult[result] ?? 0) + row.n;
    }

    const backupAgg = db
      .select({ n: count(), bytes: sum(backups.bytesStored) })
      .from(backups)
      .where(inScope(backups))
      .get();

    const runs = db
      .select({ result: jobRuns.result, n: count() })
      .from(jobRuns)
      .where(and(inScope(jobRuns), gte(jobRuns.timeStarted, now - DAY)))
      .groupBy(jobRuns.result)
      .all();
    const runCount = (r: string) => runs.find((x) => x.result === r)?.n ?? 0;
    const runsTotal = runs.reduce((a, r) => a + r.n, 0);
    const success = runCount('success');

    return {
      clients: { total: clientsTotal, online, stale: clientsTotal - online },
      jobs: { total: jobsTotal, by_status: byStatus, by_result: byResult },
      sessions: { total: this.countOf(inScope(sessions), sessions) },
      backups: { total: backupAgg?.n ?? 0, bytes_stored: Number(backupAgg?.bytes ?? 0) },
      runs_24h: {
        total: runsTotal,
        success,
        fail: runCount('fail'),
        success_rate: runsTotal === 0 ? null : success / runsTotal,
      },
    };
  }

  /** One entry per UTC day, oldest first, the last being today. */
  async timeseries(scope: Scope, days: number): Promise<MetricsTimeseries> {
    const now = this.ctx.now();
    const firstDay = Math.floor(now / DAY) * DAY - (days - 1) * DAY;
    const out = new Map<string, MetricsDay>();
    for (let i = 0; i < days; i++) {
      const date = dateOf(firstDay + i * DAY);
      out.set(date, {
        date,
        backups_success: 0,
        backups_fail: 0,
        bytes_stored: 0,
        runs_success: 0,
        runs_fail: 0,
      });
    }
    const dayExpr = (col: typeof backups.timeStamp | typeof jobRuns.timeStarted) =>
      sql<string>`strftime('%Y-%m-%d', ${col}, 'unixepoch')`;

    const backupRows = this.ctx.db
      .select({
        day: dayExpr(backups.timeStamp),
        result: backups.result,
        n: count(),
        bytes: sum(backups.bytesStored),
      })
      .from(backups)
      .where(
        and(
          eq(backups.projectId, scope.projectId),
          eq(backups.userId, scope.userId),
          gte(backups.timeStamp, firstDay),
        ),
      )
      .groupBy(sql`1`, backups.result)
      .all();
    for (const r of backupRows) {
      const d = out.get(r.day);
      if (!d) continue;
      // Stock metadata has no result: the stock scheduler only posts successful backups.
      if (r.result === 'fail') d.backups_fail += r.n;
      else d.backups_success += r.n;
      d.bytes_stored += Number(r.bytes ?? 0);
    }

    const runRows = this.ctx.db
      .select({ day: dayExpr(jobRuns.timeStarted), result: jobRuns.result, n: count() })
      .from(jobRuns)
      .where(
        and(
          eq(jobRuns.projectId, scope.projectId),
          eq(jobRuns.userId, scope.userId),
          gte(jobRuns.timeStarted, firstDay),
        ),
      )
      .groupBy(sql`1`, jobRuns.result)
      .all();
    for (const r of runRows) {
      const d = out.get(r.day);
      if (!d) continue;
      if (r.result === 'success') d.runs_success += r.n;
      else if (r.result === 'fail') d.runs_fail += r.n;
    }
    return { days: [...out.values()] };
  }

  /** Projects holding any data, plus "default". */
  async projects(): Promise<string[]> {
    const rows = this.ctx.db.all<{ project_id: string }>(sql`
      SELECT project_id FROM jobs UNION SELECT project_id FROM clients UNION SELECT project_id FROM sessions
      UNION SELECT project_id FROM actions UNION SELECT project_id FROM backups UNION SELECT project_id FROM job_runs`);
    const set = new Set(['default', ...rows.map((r) => r.project_id)]);
    return [...set].sort();
  }
}
