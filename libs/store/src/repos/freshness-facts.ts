import type { JobDoc, JobSchedule } from '@freezer/schema';
import { and, asc, eq, gt, max, sql } from 'drizzle-orm';
import { type StoreContext, parseDoc } from '../context.js';
import type { Db } from '../db.js';

/** One job as the freshness evaluator (@freezer/alerts) reads it. */
export interface FreshnessJob {
  jobId: string;
  clientId: string;
  description: string | null;
  schedule: JobSchedule;
  /** Epoch seconds the job document was created (the first slot is computed from it). */
  createdAt: number;
  /** Epoch seconds of the latest start, from the job's status or its runs; null if it never ran. */
  lastStartedAt: number | null;
  /** Epoch seconds of the latest successful run; null if none. */
  lastSuccessAt: number | null;
  /** The job's latest result (`job_schedule.result`). */
  lastResult: string | null;
  /** The job's recovery point objective (`rpo_seconds` on the job), if it has one. */
  rpoSeconds: number | null;
}

export interface FreshnessClient {
  clientId: string;
  hostname: string | null;
  /** Epoch seconds of the last registration or heartbeat. */
  lastSeen: number | null;
}

const JOB_PAGE = 500;

const positive = (v: unknown): number | null => (typeof v === 'number' && v > 0 ? v : null);
const later = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/** Reads a project's jobs (in pages), their runs and its clients, never one job at a time. */
export class FreshnessFactsRepo {
  constructor(private readonly ctx: StoreContext) {}

  async project(
    projectId: string,
    db: Db = this.ctx.db,
  ): Promise<{ jobs: FreshnessJob[]; clients: FreshnessClient[] }> {
    const { jobRuns, clients } = this.ctx.t;
    const [jobRows, runRows, clientRows] = await Promise.all([
      this.jobRows(db, projectId),
      db
        .select({
          jobId: jobRuns.jobId,
          lastStart: max(jobRuns.timeStarted),
          lastSuccess: sql<
            number | null
          >`max(case when ${jobRuns.result} = 'success' then ${jobRuns.timeStarted} end)`,
        })
        .from(jobRuns)
        .where(eq(jobRuns.projectId, projectId))
        .groupBy(jobRuns.jobId),
      db
        .select({ clientId: clients.clientId, hostname: clients.hostname, lastSeen: clients.lastSeen })
        .from(clients)
        .where(eq(clients.projectId, projectId)),
    ]);
    const runs = new Map(runRows.map((r) => [r.jobId, r]));
    const out: FreshnessJob[] = jobRows.map((row) => {
      const doc = row.doc;
      const schedule = doc.job_schedule ?? {};
      const run = runs.get(row.jobId);
      const started = later(positive(schedule.time_started), positive(Number(run?.lastStart ?? 0)));
      const ownSuccess = schedule.result === 'success' ? positive(schedule.time_started) : null;
      return {
        jobId: row.jobId,
        clientId: row.clientId,
        description: doc.description ?? null,
        schedule,
        createdAt: Number(row.createdAt),
        lastStartedAt: started,
        lastSuccessAt: later(ownSuccess, positive(Number(run?.lastSuccess ?? 0))),
        lastResult: row.result ?? null,
        rpoSeconds: positive(doc.rpo_seconds),
      };
    });
    return {
      jobs: out,
      clients: clientRows.map((c) => ({
        clientId: c.clientId,
        hostname: c.hostname,
        lastSeen: c.lastSeen === null ? null : Number(c.lastSeen),
      })),
    };
  }

  /**
   * The project's jobs in pages, yielding to the event loop between them: SQLite reads block the
   * process, and a scheduler's poll must not wait for 10,000 jobs to be read at once.
   */
  private async jobRows(db: Db, projectId: string) {
    const { jobs } = this.ctx.t;
    const rows: {
      seq: number;
      jobId: string;
      clientId: string;
      result: string | null;
      createdAt: number;
      doc: JobDoc & { rpo_seconds?: unknown };
    }[] = [];
    for (let after = 0; ;) {
      const page = await db
        .select({
          seq: jobs.seq,
          jobId: jobs.jobId,
          clientId: jobs.clientId,
          result: jobs.result,
          createdAt: jobs.createdAt,
          doc: jobs.doc,
        })
        .from(jobs)
        .where(and(eq(jobs.projectId, projectId), gt(jobs.seq, after)))
        .orderBy(asc(jobs.seq))
        .limit(JOB_PAGE);
      // Parsed page by page too: JSON.parse of every document at once would block as long.
      for (const r of page) rows.push({ ...r, doc: parseDoc<JobDoc & { rpo_seconds?: unknown }>(r.doc) });
      const last = page.at(-1);
      if (!last || page.length < JOB_PAGE) return rows;
      after = last.seq;
      await new Promise((r) => setImmediate(r));
    }
  }
}
