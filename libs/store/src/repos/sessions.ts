import type { JobDoc, SessionActionBody, SessionCreate, SessionDoc, SessionPatch } from '@freezer/schema';
import { and, eq } from 'drizzle-orm';
import { type Scope, type StoreContext, type Versioned, newId, parseDoc } from '../context.js';
import type { Db, Tables } from '../db.js';
import { applySessionAction } from '../domain/session-actions.js';
import { alreadyExists, notFound, versionConflict } from '../errors.js';
import type { Page, Search } from '../search.js';
import type { sessions } from '../tables.js';
import type { JobsRepo } from './jobs.js';
import { listDocs, scopedRow, writeDoc, type ListSpecOf } from './doc-table.js';
import type { ListView } from './list-order.js';
import { scopeWhere } from './scope-where.js';

type SessionRow = typeof sessions.$inferSelect;

function buildSession(scope: Scope, sessionId: string, body: SessionCreate): SessionDoc {
  const doc: SessionDoc = {
    project_id: scope.projectId,
    session_id: sessionId,
    user_id: scope.userId,
    description: body.description ?? null,
    session_tag: body.session_tag ?? 0,
    result: body.result ?? null,
    hold_off: body.hold_off ?? 30,
    status: body.status ?? 'active',
    time_ended: body.time_ended ?? -1,
    time_started: body.time_started ?? -1,
    time_end: body.time_end ?? -1,
    time_start: body.time_start ?? -1,
    schedule: body.schedule,
  };
  if (body.jobs) doc.jobs = body.jobs;
  return doc;
}

const listing: ListSpecOf<Tables['sessions'], SessionDoc> = (t) => ({
  canonical: { session_id: t.sessionId },
  toDoc: (row) => parseDoc<SessionDoc>(row.doc),
});

export class SessionsRepo {
  constructor(
    private readonly ctx: StoreContext,
    private readonly jobs: JobsRepo,
  ) {}

  private get t() {
    return this.ctx.t.sessions;
  }

  private async row(db: Db, scope: Scope, sessionId: string): Promise<SessionRow | undefined> {
    return scopedRow(db, this.t, scope, this.t.sessionId, sessionId);
  }

  private async mustRow(db: Db, scope: Scope, sessionId: string): Promise<SessionRow> {
    const row = await this.row(db, scope, sessionId);
    if (!row) throw notFound(`Session not found with ID ${sessionId}`);
    return row;
  }

  /** Writes only if nobody else wrote since `row` was read; returns the new version. */
  private write(db: Db, row: SessionRow, doc: SessionDoc): Promise<number> {
    return writeDoc(db, this.t, row, doc, `session ${row.sessionId}`);
  }

  private async insert(db: Db, scope: Scope, doc: SessionDoc): Promise<void> {
    await db.insert(this.t).values({
      projectId: scope.projectId,
      userId: scope.userId,
      sessionId: doc.session_id,
      doc: JSON.stringify(doc),
    });
  }

  private checkVersion(row: SessionRow, expected: number | undefined): void {
    if (expected !== undefined && expected !== row.version) {
      throw versionConflict('Session', row.sessionId, expected, row.version);
    }
  }

  async get(scope: Scope, sessionId: string): Promise<Versioned<SessionDoc> | undefined> {
    const row = await this.row(this.ctx.db, scope, sessionId);
    return row && { doc: parseDoc<SessionDoc>(row.doc), version: row.version };
  }

  async list(scope: Scope, search?: Search, page?: Page, view?: ListView): Promise<SessionDoc[]> {
    return listDocs(this.ctx.db, this.t, scope, { search, page, view }, listing);
  }

  async create(scope: Scope, body: SessionCreate): Promise<string> {
    // A body session_id is honoured only if free, so a retried create cannot clobber a session.
    const id = body.session_id ?? newId();
    return this.ctx.tx(async (db) => {
      if (await this.row(db, scope, id)) throw alreadyExists(`Session already registered with ID ${id}`);
      await this.insert(db, scope, buildSession(scope, id, body));
      return id;
    });
  }

  async replace(scope: Scope, sessionId: string, body: SessionCreate, ifVersion?: number): Promise<number> {
    return this.ctx.tx(async (db) => {
      const row = await this.row(db, scope, sessionId);
      const doc = buildSession(scope, sessionId, body);
      if (!row) {
        await this.insert(db, scope, doc);
        return 1;
      }
      this.checkVersion(row, body._version ?? ifVersion);
      return this.write(db, row, doc);
    });
  }

  /** PATCH: given keys replace their field; a `jobs` patch is merged into the stored map (stock). */
  async patch(scope: Scope, sessionId: string, body: SessionPatch, ifVersion?: number): Promise<number> {
    return this.ctx.tx(async (db) => {
      const row = await this.mustRow(db, scope, sessionId);
      this.checkVersion(row, body._version ?? ifVersion);
      const cur = parseDoc<SessionDoc>(row.doc);
      const { jobs, _version: _v, user_id: _u, session_id: _s, project_id: _p, ...rest } = body;
      const next = { ...cur } as Record<string, unknown>;
      for (const key of Object.keys(cur)) if (key in rest) next[key] = (rest as Record<string, unknown>)[key];
      if (jobs) next.jobs = { ...(cur.jobs ?? {}), ...jobs };
      return this.write(db, row, next as SessionDoc);
    });
  }

  async delete(scope: Scope, sessionId: string): Promise<void> {
    await this.ctx.tx((db) =>
      db.delete(this.t).where(and(...scopeWhere(this.t, scope), eq(this.t.sessionId, sessionId))),
    );
  }

  /** POST /sessions/{id}/action → `{result, session_tag}`. */
  async action(
    scope: Scope,
    sessionId: string,
    body: SessionActionBody,
  ): Promise<{ result: string; session_tag: number }> {
    return this.ctx.tx(async (db) => {
      const row = await this.mustRow(db, scope, sessionId);
      const cur = parseDoc<SessionDoc>(row.doc);
      const { session, result } = applySessionAction(cur, body, this.ctx.now());
      if (session !== cur) await this.write(db, row, session);
      return { result, session_tag: session.session_tag };
    });
  }

  /**
   * PUT /sessions/{sid}/jobs/{jid}: the job joins the session and takes the session's schedule
   * (that is how sessions synchronise jobs). Unlike the stock API, the job keeps its
   * `time_created`, and an unknown job is a 404 instead of a 500. With `keepSchedule` (extension) the
   * job joins with its own schedule and status: the session only ties the runs together.
   */
  async addJob(
    scope: Scope,
    sessionId: string,
    jobId: string,
    opts: { keepSchedule?: boolean } = {},
  ): Promise<void> {
    await this.ctx.tx(async (db) => {
      const row = await this.mustRow(db, scope, sessionId);
      const job = await this.jobs.getIn(db, scope, jobId);
      if (!job) throw notFound(`Job not found with ID ${jobId}`);
      const session = parseDoc<SessionDoc>(row.doc);
      const s = job.doc.job_schedule;
      const entry = {
        client_id: job.doc.client_id,
        status: s.status ?? '',
        result: s.result ?? '',
        time_started: s.time_started ?? -1,
        time_ended: s.time_ended ?? -1,
      };
      await this.write(db, row, { ...session, jobs: { ...(session.jobs ?? {}), [jobId]: entry } });
      await this.jobs.updateIn(db, scope, jobId, (doc: JobDoc) => ({
        ...doc,
        session_id: sessionId,
        session_tag: session.session_tag,
        job_schedule: opts.keepSchedule
          ? doc.job_schedule
          : {
              ...session.schedule,
              ...(s.time_created !== undefined ? { time_created: s.time_created } : {}),
            },
      }));
    });
  }

  /**
   * DELETE /sessions/{sid}/jobs/{jid}: the job leaves the session and is asked to stop. Unlike the
   * stock API (schedule := {"event":"stop"}), the rest of the job's schedule is kept.
   */
  async removeJob(scope: Scope, sessionId: string, jobId: string): Promise<void> {
    await this.ctx.tx(async (db) => {
      const row = await this.mustRow(db, scope, sessionId);
      const session = parseDoc<SessionDoc>(row.doc);
      const jobs = { ...(session.jobs ?? {}) };
      const wasMember = jobId in jobs;
      delete jobs[jobId];
      const job = await this.jobs.getIn(db, scope, jobId);
      // A job deleted while in the session can still be detached from it.
      if (!job && !wasMember) throw notFound(`Job not found with ID ${jobId}`);
      await this.write(db, row, { ...session, jobs });
      if (!job) return;
      await this.jobs.updateIn(db, scope, jobId, (doc) => ({
        ...doc,
        session_id: '',
        session_tag: 0,
        job_schedule: { ...doc.job_schedule, event: 'stop' },
      }));
    });
  }
}
