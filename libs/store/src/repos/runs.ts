import type { JobRunCreate, JobRunDoc } from '@freezer/schema';
import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import { type Scope, type StoreContext, parseDoc } from '../context.js';
import type { Page } from '../search.js';
import { jobRuns } from '../tables.js';
import type { JobsRepo } from './jobs.js';

export interface RunRecorded {
  runId: string;
  /** False when this run_id was already stored (an idempotent retry). */
  created: boolean;
}

export class RunsRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly jobs: JobsRepo,
  ) {}

  private scopeWhere(scope: Scope): SQL[] {
    return [eq(jobRuns.projectId, scope.projectId), eq(jobRuns.userId, scope.userId)];
  }

  /**
   * Records one execution. The job does not have to exist any more: a run that happened is history
   * (the scheduler may report it after the job was deleted).
   */
  async record(scope: Scope, jobId: string, body: JobRunCreate): Promise<RunRecorded> {
    return this.ctx.db.transaction(() => {
      const existing = this.ctx.db
        .select({ runId: jobRuns.runId })
        .from(jobRuns)
        .where(and(...this.scopeWhere(scope), eq(jobRuns.runId, body.run_id)))
        .get();
      if (existing) return { runId: existing.runId, created: false };
      const job = this.jobs.getSync(scope, jobId);
      const doc: JobRunDoc = {
        ...body,
        job_id: jobId,
        project_id: scope.projectId,
        user_id: scope.userId,
        client_id: job?.doc.client_id ?? null,
        recorded_at: this.ctx.now(),
      };
      this.ctx.db
        .insert(jobRuns)
        .values({
          projectId: scope.projectId,
          userId: scope.userId,
          runId: body.run_id,
          jobId,
          timeStarted: body.time_started,
          result: body.result,
          doc: JSON.stringify(doc),
        })
        .run();
      return { runId: body.run_id, created: true };
    });
  }

  /** Newest first; `jobId` and `since` (epoch s, on time_started) narrow it. */
  async list(scope: Scope, page: Page, opts: { jobId?: string; since?: number } = {}): Promise<JobRunDoc[]> {
    const where = [...this.scopeWhere(scope)];
    if (opts.jobId !== undefined) where.push(eq(jobRuns.jobId, opts.jobId));
    if (opts.since !== undefined) where.push(gte(jobRuns.timeStarted, opts.since));
    return this.ctx.db
      .select({ doc: jobRuns.doc })
      .from(jobRuns)
      .where(and(...where))
      .orderBy(desc(jobRuns.timeStarted), desc(jobRuns.seq))
      .limit(page.limit)
      .offset(page.offset)
      .all()
      .map((row) => parseDoc<JobRunDoc>(row.doc));
  }
}
