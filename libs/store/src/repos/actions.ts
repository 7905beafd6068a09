import type { ActionCreate, ActionDoc, ActionPatch, FreezerAction } from '@freezer/schema';
import { and, eq } from 'drizzle-orm';
import { type Scope, type StoreContext, type Versioned, newId, parseDoc } from '../context.js';
import type { Db, Tables } from '../db.js';
import { alreadyExists, notFound, versionConflict } from '../errors.js';
import type { Page, Search } from '../search.js';
import type { actions } from '../tables.js';
import { listDocs, scopedRow, writeDoc, type ListSpecOf } from './doc-table.js';
import type { ListView } from './list-order.js';
import { scopeWhere } from './scope-where.js';

type ActionRow = typeof actions.$inferSelect;

// The stock API always shows these freezer_action keys (they are columns there), null when unset.
const COLUMN_KEYS = [
  'backup_name',
  'action',
  'mode',
  'container',
  'timeout',
  'priority',
  'path_to_backup',
  'log_file',
];

function withColumnKeys(fa: FreezerAction): FreezerAction {
  const out: Record<string, unknown> = {};
  for (const key of COLUMN_KEYS) out[key] = null;
  return { ...out, ...fa } as FreezerAction;
}

function asInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

export function buildActionDoc(
  scope: Scope,
  actionId: string,
  body: Pick<ActionCreate, 'freezer_action' | 'max_retries' | 'max_retries_interval' | 'mandatory'>,
): ActionDoc {
  const fa = withColumnKeys(body.freezer_action);
  return {
    project_id: scope.projectId,
    user_id: scope.userId,
    timeout: asInt(fa.timeout),
    max_retries_interval: body.max_retries_interval ?? 6,
    max_retries: body.max_retries ?? 5,
    action_id: actionId,
    // Unlike the stock API, a top-level `mandatory` is kept (it was silently dropped there).
    mandatory: body.mandatory ?? fa.mandatory === true,
    freezer_action: fa,
  };
}

/** freezer_action equality that ignores the null placeholders of column-backed keys. */
export function sameFreezerAction(a: FreezerAction, b: FreezerAction): boolean {
  const strip = (fa: FreezerAction) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(fa)
          .filter(([, v]) => v !== null && v !== undefined)
          .sort(([x], [y]) => x.localeCompare(y)),
      ),
    );
  return strip(a) === strip(b);
}

const listing: ListSpecOf<Tables['actions'], ActionDoc> = (t) => ({
  canonical: { action_id: t.actionId },
  toDoc: (row) => parseDoc<ActionDoc>(row.doc),
});

export class ActionsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.actions;
  }

  private async row(db: Db, scope: Scope, actionId: string): Promise<ActionRow | undefined> {
    return scopedRow(db, this.t, scope, this.t.actionId, actionId);
  }

  /** Reads inside the caller's transaction (`db`). */
  async getIn(db: Db, scope: Scope, actionId: string): Promise<Versioned<ActionDoc> | undefined> {
    const row = await this.row(db, scope, actionId);
    return row && { doc: parseDoc<ActionDoc>(row.doc), version: row.version };
  }

  async get(scope: Scope, actionId: string): Promise<Versioned<ActionDoc> | undefined> {
    return this.getIn(this.ctx.db, scope, actionId);
  }

  async list(scope: Scope, search?: Search, page?: Page, view?: ListView): Promise<ActionDoc[]> {
    return listDocs(this.ctx.db, this.t, scope, { search, page, view }, listing);
  }

  /** Inserts; 409 if the id exists (stock: "Action already registered with ID x"). */
  async insertIn(db: Db, scope: Scope, doc: ActionDoc): Promise<void> {
    if (await this.row(db, scope, doc.action_id))
      throw alreadyExists(`Action already registered with ID ${doc.action_id}`);
    await db.insert(this.t).values({
      projectId: scope.projectId,
      userId: scope.userId,
      actionId: doc.action_id,
      doc: JSON.stringify(doc),
    });
  }

  async create(scope: Scope, body: ActionCreate): Promise<string> {
    const id = body.action_id ?? newId();
    await this.ctx.tx((db) => this.insertIn(db, scope, buildActionDoc(scope, id, body)));
    return id;
  }

  /** Writes only if nobody else wrote since `row` was read; returns the new version. */
  private write(db: Db, row: ActionRow, doc: ActionDoc): Promise<number> {
    return writeDoc(db, this.t, row, doc, `action ${row.actionId}`);
  }

  /** POST /actions/{id}: create or replace wholesale. Returns the new version. */
  async replaceIn(db: Db, scope: Scope, actionId: string, body: ActionCreate): Promise<number> {
    const doc = buildActionDoc(scope, actionId, body);
    const existing = await this.row(db, scope, actionId);
    if (!existing) {
      await this.insertIn(db, scope, doc);
      return 1;
    }
    if (body._version !== undefined && body._version !== existing.version) {
      throw versionConflict('Action', actionId, body._version, existing.version);
    }
    return this.write(db, existing, doc);
  }

  async replace(scope: Scope, actionId: string, body: ActionCreate): Promise<number> {
    return this.ctx.tx((db) => this.replaceIn(db, scope, actionId, body));
  }

  /** PATCH: only the given keys change (the stock API nulled the retry settings when absent). */
  async patch(scope: Scope, actionId: string, body: ActionPatch, ifVersion?: number): Promise<number> {
    return this.ctx.tx(async (db) => {
      const existing = await this.row(db, scope, actionId);
      if (!existing) throw notFound(`Action not found with ID ${actionId}`);
      const expected = body._version ?? ifVersion;
      if (expected !== undefined && expected !== existing.version) {
        throw versionConflict('Action', actionId, expected, existing.version);
      }
      const cur = parseDoc<ActionDoc>(existing.doc);
      const doc = buildActionDoc(scope, actionId, {
        freezer_action: body.freezer_action ?? cur.freezer_action,
        max_retries: body.max_retries === undefined ? cur.max_retries : body.max_retries,
        max_retries_interval:
          body.max_retries_interval === undefined ? cur.max_retries_interval : body.max_retries_interval,
        mandatory: body.mandatory ?? cur.mandatory,
      });
      return this.write(db, existing, doc);
    });
  }

  async delete(scope: Scope, actionId: string): Promise<void> {
    await this.ctx.tx((db) =>
      db.delete(this.t).where(and(...scopeWhere(this.t, scope), eq(this.t.actionId, actionId))),
    );
  }
}
