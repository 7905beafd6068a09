import { count, sum } from 'drizzle-orm';
import type { StoreContext } from '../context.js';

export interface OpsSnapshot {
  jobs: { projectId: string; status: string; n: number }[];
  backups: { projectId: string; result: string; n: number; bytes: number }[];
  clients: { projectId: string; clientId: string; lastSeen: number | null }[];
}

/** Whole-database aggregates for the Prometheus endpoint (all projects, one scrape). */
export class OpsMetricsRepo {
  constructor(private readonly ctx: StoreContext) {}

  async snapshot(): Promise<OpsSnapshot> {
    const { jobs, backups, clients } = this.ctx.t;
    const db = this.ctx.db;
    const jobRows = await db
      .select({ projectId: jobs.projectId, status: jobs.status, n: count() })
      .from(jobs)
      .groupBy(jobs.projectId, jobs.status);
    const backupRows = await db
      .select({
        projectId: backups.projectId,
        result: backups.result,
        n: count(),
        bytes: sum(backups.bytesStored),
      })
      .from(backups)
      .groupBy(backups.projectId, backups.result);
    const clientRows = await db
      .select({ projectId: clients.projectId, clientId: clients.clientId, lastSeen: clients.lastSeen })
      .from(clients)
      .orderBy(clients.projectId, clients.clientId);
    return {
      jobs: jobRows.map((r) => ({ projectId: r.projectId, status: r.status ?? '', n: r.n })),
      // Stock metadata has no result: the stock scheduler only posts successful backups.
      backups: backupRows.map((r) => ({
        projectId: r.projectId,
        result: r.result ?? 'success',
        n: r.n,
        bytes: Number(r.bytes ?? 0),
      })),
      clients: clientRows,
    };
  }
}
