import type { JobRunCreate, JobRunDoc } from '@freezer/schema';
import { and, eq, gte } from 'drizzle-orm';
import type { Scope, StoreContext } from '../context.js';
import type { Page } from '../search.js';
import type { DrillsRepo } from './drills.js';
import type { JobsRepo } from './jobs.js';
import { newestDocs } from './newest-docs.js';
import { scopeWhere } from './scope-where.js';

export interface RunRecorded {
  runId: string;
  /** False when this run_id was already stored (an idempotent retry). */
  created: boolean;
}

export class RunsRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly jobs: JobsRepo,
    private readonly drills: DrillsRepo,
  ) {}

  private get t() {
    return this.ctx.t.jobRuns;
  }

  /**
   * Records one execution, and the restore drills it ran (DrillsRepo). The job does not have to exist any more: a run that happened is history
   * (the scheduler may report it after the job was deleted).
   */
  async record(scope: Scope, jobId: string, body: JobRunCreate): Promise<RunRecorded> {
    return this.ctx.tx(async (db) => {
      const [existing] = await db
        .select({ runId: this.t.runId })
        .from(this.t)
        .where(and(...scopeWhere(this.t, scope), eq(this.t.runId, body.run_id)))
        .limit(1);
      if (existing) return { runId: existing.runId, created: false };
      const job = await this.jobs.getIn(db, scope, jobId);
      const doc: JobRunDoc = {
        ...body,
        job_id: jobId,
        project_id: scope.projectId,
        user_id: scope.userId,
        client_id: job?.doc.client_id ?? null,
        recorded_at: this.ctx.now(),
      };
      await db.insert(this.t).values({
        projectId: scope.projectId,
        userId: scope.userId,
        runId: body.run_id,
        jobId,
        timeStarted: body.time_started,
        result: body.result,
        doc: JSON.stringify(doc),
      });
      await this.drills.recordRun(db, scope, doc, job?.doc);
      return { runId: body.run_id, created: true };
    });
  }

  /** Newest first; `jobId` and `since` (epoch s, on time_started) narrow it. */
  async list(scope: Scope, page: Page, opts: { jobId?: string; since?: number } = {}): Promise<JobRunDoc[]> {
    const t = this.t;
    const where = scopeWhere(t, scope);
    if (opts.jobId !== undefined) where.push(eq(t.jobId, opts.jobId));
    if (opts.since !== undefined) where.push(gte(t.timeStarted, opts.since));
    return newestDocs<JobRunDoc>(this.ctx.db, t, where, page);
  }
}
