import type { MetricsDay, MetricsSummary, MetricsTimeseries } from '@freezer/schema';
import { and, count, gte, sql, sum, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Dialect, Scope, StoreContext } from '../context.js';
import type { Tables } from '../db.js';
import { scopeWhere } from './scope-where.js';

const DAY = 86_400;

function dateOf(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` (UTC) of an epoch-seconds column, in the dialect's SQL. */
function dayExpr(dialect: Dialect, col: SQLiteColumn): SQL<string> {
  return dialect === 'postgres'
    ? sql<string>`to_char(to_timestamp(${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${col}, 'unixepoch')`;
}

type CountedTable = Tables['jobs'] | Tables['clients'] | Tables['sessions'] | Tables['backups'];

export class MetricsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private async countOf(where: SQL | undefined, table: CountedTable): Promise<number> {
    const [row] = await this.ctx.db.select({ n: count() }).from(table).where(where);
    return row?.n ?? 0;
  }

  async summary(scope: Scope, staleAfter: number): Promise<MetricsSummary> {
    const now = this.ctx.now();
    const db = this.ctx.db;
    const { backups, clients, jobRuns, jobs, sessions } = this.ctx.t;
    const inScope = (t: { projectId: SQLiteColumn; userId: SQLiteColumn }) => and(...scopeWhere(t, scope));

    const clientsTotal = await this.countOf(inScope(clients), clients);
    const online = await this.countOf(
      and(inScope(clients), gte(clients.lastSeen, now - staleAfter)),
      clients,
    );

    const byStatus: Record<string, number> = {};
    const byResult: Record<string, number> = {};
    let jobsTotal = 0;
    for (const row of await db
      .select({ status: jobs.status, result: jobs.result, n: count() })
      .from(jobs)
      .where(inScope(jobs))
      .groupBy(jobs.status, jobs.result)) {
      jobsTotal += row.n;
      const status = row.status ?? '';
      const result = row.result ?? '';
      byStatus[status] = (byStatus[status] ?? 0) + row.n;
      byResult[result] = (byResult[result] ?? 0) + row.n;
    }

    const [backupAgg] = await db
      .select({ n: count(), bytes: sum(backups.bytesStored) })
      .from(backups)
      .where(inScope(backups));

    const runs = await db
      .select({ result: jobRuns.result, n: count() })
      .from(jobRuns)
      .where(and(inScope(jobRuns), gte(jobRuns.timeStarted, now - DAY)))
      .groupBy(jobRuns.result);
    const runCount = (r: string) => runs.find((x) => x.result === r)?.n ?? 0;
    const runsTotal = runs.reduce((a, r) => a + r.n, 0);
    const success = runCount('success');

    return {
      clients: { total: clientsTotal, online, stale: clientsTotal - online },
      jobs: { total: jobsTotal, by_status: byStatus, by_result: byResult },
      sessions: { total: await this.countOf(inScope(sessions), sessions) },
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
    const { backups, jobRuns } = this.ctx.t;
    const dialect = this.ctx.dialect;
    const backupRows = await this.ctx.db
      .select({
        day: dayExpr(dialect, backups.timeStamp),
        result: backups.result,
        n: count(),
        bytes: sum(backups.bytesStored),
      })
      .from(backups)
      .where(and(...scopeWhere(backups, scope), gte(backups.timeStamp, firstDay)))
      .groupBy(sql`1`, backups.result);
    for (const r of backupRows) {
      const d = out.get(r.day);
      if (!d) continue;
      // Stock metadata has no result: the stock scheduler only posts successful backups.
      if (r.result === 'fail') d.backups_fail += r.n;
      else d.backups_success += r.n;
      d.bytes_stored += Number(r.bytes ?? 0);
    }

    const runRows = await this.ctx.db
      .select({ day: dayExpr(dialect, jobRuns.timeStarted), result: jobRuns.result, n: count() })
      .from(jobRuns)
      .where(and(...scopeWhere(jobRuns, scope), gte(jobRuns.timeStarted, firstDay)))
      .groupBy(sql`1`, jobRuns.result);
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
    const t = this.ctx.t;
    const set = new Set(['default']);
    for (const table of [t.jobs, t.clients, t.sessions, t.actions, t.backups, t.jobRuns]) {
      for (const row of await this.ctx.db.selectDistinct({ p: table.projectId }).from(table)) set.add(row.p);
    }
    return [...set].sort();
  }
}
