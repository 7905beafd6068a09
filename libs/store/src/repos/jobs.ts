import type { JobCreate, JobDoc, JobPatch, JobSchedule } from '@freezer/schema';
import { and, eq, sql } from 'drizzle-orm';
import { type Scope, type StoreContext, type Versioned, newId, parseDoc } from '../context.js';
import type { Db, Tables } from '../db.js';
import { applyActionDefaults, syncJobActions } from '../domain/job-actions.js';
import { applyJobEvent, parseJobEvent } from '../domain/job-events.js';
import { notFound, versionConflict } from '../errors.js';
import { RaceLost } from '../race.js';
import { EMPTY_SEARCH, findLast, type Page, type Search } from '../search.js';
import type { jobs } from '../tables.js';
import type { ActionsRepo } from './actions.js';
import { SqliteJobStatements } from './job-statements.js';
import { listDocs, scopedRow, type ListSpecOf } from './doc-table.js';
import type { ListView } from './list-order.js';
import { PreparedLists, listShape } from './prepared-list.js';
import { scopeWhere } from './scope-where.js';

type JobRow = typeof jobs.$inferSelect;

/**
 * Keys resolved from their canonical place (an indexed column) rather than "last occurrence in the
 * tree": a `status` key inside some freezer_action must not hide the job's own status.
 */
const canonical = (t: typeof jobs) => ({
  job_id: t.jobId,
  client_id: t.clientId,
  session_id: t.sessionId,
  status: t.status,
  event: t.event,
  result: t.result,
});

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

/** The job's assurance keys (RPO/RTO targets, the job a drill job verifies): given = set, null = cleared. */
function withAssurance<T extends Partial<JobDoc>>(doc: T, body: JobPatch): T {
  for (const key of ['rpo_seconds', 'rto_seconds', 'verifies_job_id'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (value === null) delete doc[key];
    else (doc as Record<string, unknown>)[key] = value;
  }
  return doc;
}

const listing: ListSpecOf<Tables['jobs'], JobDoc> = (t) => ({
  canonical: canonical(t),
  lookup: jobLookup,
  sortable: {
    updated: t.updatedAt,
    client_id: t.clientId,
    status: t.status,
    result: t.result,
  },
  toDoc: (row) => parseDoc<JobDoc>(row.doc),
});

export class JobsRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly actions: ActionsRepo,
  ) {}

  private get t() {
    return this.ctx.t.jobs;
  }

  private sqliteStatements?: SqliteJobStatements;

  /** Prepared statements of the per-job hot paths, on SQLite only. */
  private get sqlite(): SqliteJobStatements | undefined {
    if (this.ctx.dialect !== 'sqlite') return undefined;
    this.sqliteStatements ??= new SqliteJobStatements(this.ctx.db, this.t);
    return this.sqliteStatements;
  }

  async rowIn(db: Db, scope: Scope, jobId: string): Promise<JobRow | undefined> {
    const prepared = this.sqlite;
    if (prepared) return prepared.row(scope, jobId);
    return scopedRow(db, this.t, scope, this.t.jobId, jobId);
  }

  /** Reads inside the caller's transaction (`db`). */
  async getIn(db: Db, scope: Scope, jobId: string): Promise<Versioned<JobDoc> | undefined> {
    const row = await this.rowIn(db, scope, jobId);
    return row && { doc: parseDoc<JobDoc>(row.doc), version: row.version };
  }

  async get(scope: Scope, jobId: string): Promise<Versioned<JobDoc> | undefined> {
    return this.getIn(this.ctx.db, scope, jobId);
  }

  private preparedLists?: PreparedLists<{ doc: string }>;

  /**
   * SQLite, for a search SQL alone decides (the scheduler's poll): the stored documents as JSON
   * text, from a prepared statement. Undefined when the generic path must run.
   */
  private sqliteListTexts(scope: Scope, search: Search, page: Page): string[] | undefined {
    if (this.ctx.dialect !== 'sqlite') return undefined;
    const shape = listShape(this.t, scope, search, canonical(this.t));
    if (!shape) return undefined;
    this.preparedLists ??= new PreparedLists((where) =>
      this.ctx.db
        .select({ doc: this.t.doc })
        .from(this.t)
        .where(where)
        .orderBy(this.t.seq)
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'))
        .prepare(),
    );
    return this.preparedLists.run(shape, page).map((row) => row.doc);
  }

  /**
   * The list as a JSON array text. Stored documents are JSON.stringify output, so on the
   * prepared path they are passed through without a parse/serialise round trip.
   */
  async listJson(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
    view: ListView = {},
  ): Promise<string> {
    const texts = view.sort || view.text ? undefined : this.sqliteListTexts(scope, search, page);
    return texts ? `[${texts.join(',')}]` : JSON.stringify(await this.list(scope, search, page, view));
  }

  async list(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
    view: ListView = {},
  ): Promise<JobDoc[]> {
    const texts = view.sort || view.text ? undefined : this.sqliteListTexts(scope, search, page);
    if (texts) return texts.map((text) => parseDoc<JobDoc>(text));
    return listDocs(this.ctx.db, this.t, scope, { search, page, view }, listing);
  }

  private async buildDoc(
    db: Db,
    scope: Scope,
    jobId: string,
    body: JobCreate,
    schedule: JobSchedule,
  ): Promise<JobDoc> {
    const jobActions = await syncJobActions(
      db,
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
      ...withAssurance({}, body),
    };
  }

  private async insert(db: Db, scope: Scope, doc: JobDoc): Promise<void> {
    const now = this.ctx.now();
    await db.insert(this.t).values({
      projectId: scope.projectId,
      userId: scope.userId,
      jobId: doc.job_id,
      ...columnsOf(doc),
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * Writes only if the row still has the version we read: with several API processes on one
   * database, a concurrent writer makes this a RaceLost and the transaction runs again.
   */
  private async write(db: Db, row: JobRow, doc: JobDoc): Promise<number> {
    const version = row.version + 1;
    const prepared = this.sqlite;
    if (prepared) {
      if (!prepared.write(row, columnsOf(doc), version, this.ctx.now()))
        throw new RaceLost(`job ${row.jobId}`);
      return version;
    }
    const done = await db
      .update(this.t)
      .set({ ...columnsOf(doc), version, updatedAt: this.ctx.now() })
      .where(and(eq(this.t.seq, row.seq), eq(this.t.version, row.version)))
      .returning({ seq: this.t.seq });
    if (done.length === 0) throw new RaceLost(`job ${row.jobId}`);
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
    await this.ctx.tx(async (db) =>
      this.insert(db, scope, await this.buildDoc(db, scope, jobId, body, schedule)),
    );
    return jobId;
  }

  /**
   * POST /jobs/{id}: create or replace with this id. Unlike the stock API, `time_created` (and the
   * -1 time defaults) are filled in when the new document lacks them.
   */
  async replace(scope: Scope, jobId: string, body: JobCreate, ifVersion?: number): Promise<number> {
    return this.ctx.tx(async (db) => {
      const row = await this.rowIn(db, scope, jobId);
      const oldCreated = row ? parseDoc<JobDoc>(row.doc).job_schedule.time_created : undefined;
      const schedule: JobSchedule = {
        time_created: oldCreated ?? this.ctx.now(),
        time_started: -1,
        time_ended: -1,
        ...body.job_schedule,
      };
      if (row) this.checkVersion(row, body._version ?? ifVersion);
      const doc = await this.buildDoc(db, scope, jobId, body, schedule);
      if (!row) {
        await this.insert(db, scope, doc);
        return 1;
      }
      return this.write(db, row, doc);
    });
  }

  /**
   * PATCH: each top-level key given replaces that part wholesale (no deep merge, like the stock
   * API); keys not given are kept — the stock API wiped `job_schedule` when it was absent.
   */
  async patch(scope: Scope, jobId: string, body: JobPatch, ifVersion?: number): Promise<number> {
    return this.ctx.tx(async (db) => {
      const row = await this.rowIn(db, scope, jobId);
      if (!row) throw notFound(`Job not found with ID ${jobId}`);
      this.checkVersion(row, body._version ?? ifVersion);
      const cur = parseDoc<JobDoc>(row.doc);
      const next: JobDoc = { ...cur };
      if (body.job_schedule !== undefined) next.job_schedule = body.job_schedule;
      if (body.client_id !== undefined) next.client_id = body.client_id;
      if (body.session_id !== undefined) next.session_id = body.session_id;
      if (body.session_tag !== undefined) next.session_tag = body.session_tag;
      if (body.description !== undefined) next.description = body.description;
      withAssurance(next, body);
      if (body.job_actions !== undefined) {
        next.job_actions = await syncJobActions(
          db,
          this.actions,
          scope,
          applyActionDefaults(body.job_actions, body.action_defaults),
        );
      }
      return this.write(db, row, next);
    });
  }

  /** Internal update used by sessions (add/remove job), inside their transaction. */
  async updateIn(db: Db, scope: Scope, jobId: string, change: (doc: JobDoc) => JobDoc): Promise<void> {
    const row = await this.rowIn(db, scope, jobId);
    if (!row) throw notFound(`Job not found with ID ${jobId}`);
    await this.write(db, row, change(parseDoc<JobDoc>(row.doc)));
  }

  /** POST /jobs/{id}/event → the stock result text. */
  async event(scope: Scope, jobId: string, body: unknown): Promise<string> {
    const event = parseJobEvent(body);
    return this.ctx.tx(async (db) => {
      const row = await this.rowIn(db, scope, jobId);
      if (!row) throw notFound(`Job not found with ID ${jobId}`);
      const doc = parseDoc<JobDoc>(row.doc);
      const { schedule, result } = applyJobEvent(doc.job_schedule, event, this.ctx.now());
      if (schedule !== doc.job_schedule) await this.write(db, row, { ...doc, job_schedule: schedule });
      return result;
    });
  }

  async delete(scope: Scope, jobId: string): Promise<void> {
    await this.ctx.tx((db) =>
      db.delete(this.t).where(and(...scopeWhere(this.t, scope), eq(this.t.jobId, jobId))),
    );
  }
}
