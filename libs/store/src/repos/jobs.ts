import type { JobCreate, JobDoc, JobPatch, JobSchedule } from '@freezer/schema';
import { and, eq, type SQL } from 'drizzle-orm';
import { type Scope, type StoreContext, type Versioned, newId, parseDoc } from '../context.js';
import { applyActionDefaults, syncJobActions } from '../domain/job-actions.js';
import { applyJobEvent, parseJobEvent } from '../domain/job-events.js';
import { notFound, versionConflict } from '../errors.js';
import { EMPTY_SEARCH, findLast, type Page, type Search } from '../search.js';
import { jobs } from '../tables.js';
import type { ActionsRepo } from './actions.js';
import { runList } from './list.js';

type JobRow = typeof jobs.$inferSelect;

/**
 * Keys resolved from their canonical place (an indexed column) rather than "last occurrence in the
 * tree": a `status` key inside some freezer_action must not hide the job's own status.
 */
const CANONICAL = {
  job_id: jobs.jobId,
  client_id: jobs.clientId,
  session_id: jobs.sessionId,
  status: jobs.status,
  event: jobs.event,
  result: jobs.result,
};

function jobLookup(doc: unknown, key: string): unknown {
  const job = doc as JobDoc;
  switch (key) {
    case 'job_id':
    case 'client_id':
    case 'session_id':
      return job[key];
    case 'status':
    case 'event':
    case 'result':
      return job.job_schedule[key];
    default:
      return findLast(doc, key);
  }
}

function columnsOf(doc: JobDoc) {
  return {
    clientId: doc.client_id,
    sessionId: doc.session_id,
    status: doc.job_schedule.status ?? null,
    event: doc.job_schedule.event ?? null,
    result: doc.job_schedule.result ?? null,
    doc: JSON.stringify(doc),
  };
}

export class JobsRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly actions: ActionsRepo,
  ) {}

  private scopeWhere(scope: Scope): SQL[] {
    return [eq(jobs.projectId, scope.projectId), eq(jobs.userId, scope.userId)];
  }

  rowSync(scope: Scope, jobId: string): JobRow | undefined {
    return this.ctx.db
      .select()
      .from(jobs)
      .where(and(...this.scopeWhere(scope), eq(jobs.jobId, jobId)))
      .get();
  }

  getSync(scope: Scope, jobId: string): Versioned<JobDoc> | undefined {
    const row = this.rowSync(scope, jobId);
    return row && { doc: parseDoc<JobDoc>(row.doc), version: row.version };
  }

  async get(scope: Scope, jobId: string): Promise<Versioned<JobDoc> | undefined> {
    return this.getSync(scope, jobId);
  }

  async list(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
  ): Promise<JobDoc[]> {
    return runList({
      scopeWhere: this.scopeWhere(scope),
      search,
      page,
      canonical: CANONICAL,
      lookup: jobLookup,
      query: (where, p) => {
        const q = this.ctx.db.select({ doc: jobs.doc }).from(jobs).where(where).orderBy(jobs.seq);
        return (p ? q.limit(p.limit).offset(p.offset) : q).all();
      },
      toDoc: (row) => parseDoc<JobDoc>(row.doc),
    });
  }

  private buildDoc(scope: Scope, jobId: string, body: JobCreate, schedule: JobSchedule): JobDoc {
    const jobActions = syncJobActions(
      this.actions,
      scope,
      applyActionDefaults(body.job_actions, body.action_defaults),
    );
    return {
      job_id: jobId,
      project_id: scope.projectId,
      user_id: scope.userId,
      job_schedule: schedule,
      client_id: body.client_id,
      session_id: body.session_id ?? '',
      session_tag: body.session_tag ?? 0,
      description: body.description ?? null,
      job_actions: jobActions,
    };
  }

  private insertSync(scope: Scope, doc: JobDoc): void {
    const now = this.ctx.now();
    this.ctx.db
      .insert(jobs)
      .values({
        projectId: scope.projectId,
        userId: scope.userId,
        jobId: doc.job_id,
        ...columnsOf(doc),
        createdAt: now,
        updatedAt: now,
      })
      .run();
  }

  private writeSync(row: JobRow, doc: JobDoc): number {
    const version = row.version + 1;
    this.ctx.db
      .update(jobs)
      .set({ ...columnsOf(doc), version, updatedAt: this.ctx.now() })
      .where(eq(jobs.seq, row.seq))
      .run();
    return version;
  }

  private checkVersion(row: JobRow, expected: number | undefined): void {
    if (expected !== undefined && expected !== row.version) {
      throw versionConflict('Job', row.jobId, expected, row.version);
    }
  }

  /** POST /jobs: a new id always (a body `job_id` is ignored, as in the stock API). */
  async create(scope: Scope, body: JobCreate): Promise<string> {
    const jobId = newId();
    const schedule: JobSchedule = {
      ...body.job_schedule,
      time_created: this.ctx.now(),
      time_started: -1,
      time_ended: -1,
    };
    this.ctx.db.transaction(() => this.insertSync(scope, this.buildDoc(scope, jobId, body, schedule)));
    return jobId;
  }

  /**
   * POST /jobs/{id}: create or replace with this id. Unlike the stock API, `time_created` (and the
   * -1 time defaults) are filled in when the new document lacks them.
   */
  async replace(scope: Scope, jobId: string, body: JobCreate, ifVersion?: number): Promise<number> {
    return this.ctx.db.transaction(() => {
      const row = this.rowSync(scope, jobId);
      const oldCreated = row ? parseDoc<JobDoc>(row.doc).job_schedule.time_created : undefined;
      const schedule: JobSchedule = {
        time_created: oldCreated ?? this.ctx.now(),
        time_started: -1,
        time_ended: -1,
        ...body.job_schedule,
      };
      const doc = this.buildDoc(scope, jobId, body, schedule);
      if (!row) {
        this.insertSync(scope, doc);
        return 1;
      }
      this.checkVersion(row, body._version ?? ifVersion);
      return this.writeSync(row, doc);
    });
  }

  /**
   * PATCH: each top-level key given replaces that part wholesale (no deep merge, like the stock
   * API); keys not given are kept — the stock API wiped `job_schedule` when it was absent.
   */
  async patch(scope: Scope, jobId: string, body: JobPatch, ifVersion?: number): Promise<number> {
    return this.ctx.db.transaction(() => {
      const row = this.rowSync(scope, jobId);
      if (!row) throw notFound(`Job not found with ID ${jobId}`);
      this.checkVersion(row, body._version ?? ifVersion);
      const cur = parseDoc<JobDoc>(row.doc);
      const next: JobDoc = { ...cur };
      if (body.job_schedule !== undefined) next.job_schedule = body.job_schedule;
      if (body.client_id !== undefined) next.client_id = body.client_id;
      if (body.session_id !== undefined) next.session_id = body.session_id;
      if (body.session_tag !== undefined) next.session_tag = body.session_tag;
      if (body.description !== undefined) next.description = body.description;
      if (body.job_actions !== undefined) {
        next.job_actions = syncJobActions(
          this.actions,
          scope,
          applyActionDefaults(body.job_actions, body.action_defaults),
        );
      }
      return this.writeSync(row, next);
    });
  }

  /** Internal update used by sessions (add/remove job): mutate the doc, bump the version. */
  updateSync(scope: Scope, jobId: string, change: (doc: JobDoc) => JobDoc): void {
    const row = this.rowSync(scope, jobId);
    if (!row) throw notFound(`Job not found with ID ${jobId}`);
    this.writeSync(row, change(parseDoc<JobDoc>(row.doc)));
  }

  /** POST /jobs/{id}/event → the stock result text. */
  async event(scope: Scope, jobId: string, body: unknown): Promise<string> {
    const event = parseJobEvent(body);
    return this.ctx.db.transaction(() => {
      const row = this.rowSync(scope, jobId);
      if (!row) throw notFound(`Job not found with ID ${jobId}`);
      const doc = parseDoc<JobDoc>(row.doc);
      const { schedule, result } = applyJobEvent(doc.job_schedule, event);
      if (schedule !== doc.job_schedule) this.writeSync(row, { ...doc, job_schedule: schedule });
      return result;
    });
  }

  async delete(scope: Scope, jobId: string): Promise<void> {
    this.ctx.db
      .delete(jobs)
      .where(and(...this.scopeWhere(scope), eq(jobs.jobId, jobId)))
      .run();
  }
}
