import { DrillReport, type DrillDoc, type DrillStatus, type JobDoc, type JobRunDoc } from '@freezer/schema';
import { and, eq, inArray, max, or } from 'drizzle-orm';
import { type Db, type Tables } from '../db.js';
import { type Scope, type StoreContext, parseDoc } from '../context.js';
import type { Page } from '../search.js';
import { newestDocs } from './newest-docs.js';
import { scopeWhere } from './scope-where.js';

/** The backup job a drill proves: the drill job's `verifies_job_id`, else the job that ran it. */
function verifiedJobOf(jobId: string, job: JobDoc | undefined): string {
  const target = job?.verifies_job_id;
  return typeof target === 'string' && target !== '' ? target : jobId;
}

/**
 * Restore drills: written with the run record that carries them (one row per `drill` action whose
 * report parses), read as a history and as "last drill / last proven restorable" per backup job.
 */
export class DrillsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t(): Tables['drills'] {
    return this.ctx.t.drills;
  }

  /** Inside the run's transaction: the drills of a newly stored run. */
  async recordRun(db: Db, scope: Scope, run: JobRunDoc, job: JobDoc | undefined): Promise<number> {
    const rows = run.actions.flatMap((action, index) => {
      if (action.action !== 'drill') return [];
      const parsed = DrillReport.safeParse(action.metadata);
      // A drill that died before writing its report (killed, bad options) still counts as a failed drill.
      const report: DrillReport = parsed.success
        ? parsed.data
        : { action: 'drill', result: 'fail', error: action.error ?? `agent exited with ${action.exit_code}` };
      const result = action.result === 'success' && report.result === 'success' ? 'success' : 'fail';
      const doc: DrillDoc = {
        drill_id: `${run.run_id}-${index}`,
        run_id: run.run_id,
        job_id: run.job_id,
        verified_job_id: verifiedJobOf(run.job_id, job),
        client_id: run.client_id,
        project_id: scope.projectId,
        time_started: action.time_started,
        time_ended: action.time_ended,
        result,
        ...(result === 'fail' ? { error: report.error ?? action.error ?? action.result } : {}),
        restore_seconds: report.restore_seconds ?? null,
        report,
        recorded_at: run.recorded_at,
      };
      return [doc];
    });
    if (rows.length === 0) return 0;
    await db.insert(this.t).values(
      rows.map((doc) => ({
        projectId: scope.projectId,
        userId: scope.userId,
        drillId: doc.drill_id,
        runId: doc.run_id,
        jobId: doc.job_id,
        verifiedJobId: doc.verified_job_id,
        clientId: doc.client_id,
        timeStarted: doc.time_started,
        result: doc.result,
        restoreSeconds: doc.restore_seconds,
        doc: JSON.stringify(doc),
      })),
    );
    return rows.length;
  }

  /** Newest first; `jobId` keeps the drills that ran in that job or prove it. */
  async list(scope: Scope, page: Page, opts: { jobId?: string } = {}): Promise<DrillDoc[]> {
    const t = this.t;
    const where = scopeWhere(t, scope);
    if (opts.jobId !== undefined) where.push(or(eq(t.verifiedJobId, opts.jobId), eq(t.jobId, opts.jobId))!);
    return newestDocs<DrillDoc>(this.ctx.db, t, where, page);
  }

  /**
   * Per backup job (its id as `verified_job_id`): the newest drill recorded and the newest successful
   * one — "last drill failed" and "last proven restorable". Jobs never drilled are absent.
   */
  async lastPerJob(scope: Scope): Promise<DrillStatus[]> {
    const t = this.t;
    const newest = (onlySuccess: boolean) =>
      this.ctx.db
        .select({ seq: max(t.seq) })
        .from(t)
        .where(and(...scopeWhere(t, scope), ...(onlySuccess ? [eq(t.result, 'success')] : [])))
        .groupBy(t.verifiedJobId);
    const read = async (onlySuccess: boolean): Promise<DrillDoc[]> =>
      (
        await this.ctx.db
          .select({ doc: t.doc })
          .from(t)
          .where(inArray(t.seq, newest(onlySuccess)))
      ).map((row) => parseDoc<DrillDoc>(row.doc));
    const [last, success] = await Promise.all([read(false), read(true)]);
    const bySuccess = new Map(success.map((d) => [d.verified_job_id, d]));
    return last
      .map((d) => ({
        verified_job_id: d.verified_job_id,
        client_id: d.client_id,
        last: d,
        last_success: bySuccess.get(d.verified_job_id) ?? null,
      }))
      .sort((a, b) => a.verified_job_id.localeCompare(b.verified_job_id));
  }
}
