import type { ActionCreate, ActionDoc, ActionPatch, FreezerAction } from '@freezer/schema';
import { and, eq, type SQL } from 'drizzle-orm';
import { type Scope, type StoreContext, type Versioned, newId, parseDoc } from '../context.js';
import { alreadyExists, notFound, versionConflict } from '../errors.js';
import { EMPTY_SEARCH, type Page, type Search } from '../search.js';
import { actions } from '../tables.js';
import { runList } from './list.js';

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

export class ActionsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private scopeWhere(scope: Scope): SQL[] {
    return [eq(actions.projectId, scope.projectId), eq(actions.userId, scope.userId)];
  }

  private row(scope: Scope, actionId: string) {
    return this.ctx.db
      .select()
      .from(actions)
      .where(and(...this.scopeWhere(scope), eq(actions.actionId, actionId)))
      .get();
  }

  getSync(scope: Scope, actionId: string): Versioned<ActionDoc> | undefined {
    const row = this.row(scope, actionId);
    return row && { doc: parseDoc<ActionDoc>(row.doc), version: row.version };
  }

  async get(scope: Scope, actionId: string): Promise<Versioned<ActionDoc> | undefined> {
    return this.getSync(scope, actionId);
  }

  async list(
    scope: Scope,
    search: Search = EMPTY_SEARCH,
    page: Page = { limit: 10, offset: 0 },
  ): Promise<ActionDoc[]> {
    return runList({
      scopeWhere: this.scopeWhere(scope),
      search,
      page,
      canonical: { action_id: actions.actionId },
      query: (where, p) => {
        const q = this.ctx.db.select().from(actions).where(where).orderBy(actions.seq);
        return (p ? q.limit(p.limit).offset(p.offset) : q).all();
      },
      toDoc: (row) => parseDoc<ActionDoc>(row.doc),
    });
  }

  /** Inserts; 409 if the id exists (stock: "Action already registered with ID x"). */
  insertSync(scope: Scope, doc: ActionDoc): void {
    if (this.row(scope, doc.action_id))
      throw alreadyExists(`Action already registered with ID ${doc.action_id}`);
    this.ctx.db
      .insert(actions)
      .values({
        projectId: scope.projectId,
        userId: scope.userId,
        actionId: doc.action_id,
        doc: JSON.stringify(doc),
      })
      .run();
  }

  async create(scope: Scope, body: ActionCreate): Promise<string> {
    const id = body.action_id ?? newId();
    this.insertSync(scope, buildActionDoc(scope, id, body));
    return id;
  }

  /** POST /actions/{id}: create or replace wholesale. Returns the new version. */
  replaceSync(scope: Scope, actionId: string, body: ActionCreate): number {
    const doc = buildActionDoc(scope, actionId, body);
    const existing = this.row(scope, actionId);
    if (!existing) {
      this.insertSync(scope, doc);
      return 1;
    }
    if (body._version !== undefined && body._version !== existing.version) {
      throw versionConflict('Action', actionId, body._version, existing.version);
    }
    const version = existing.version + 1;
    this.ctx.db
      .update(actions)
      .set({ doc: JSON.stringify(doc), version })
      .where(eq(actions.seq, existing.seq))
      .run();
    return version;
  }

  async replace(scope: Scope, actionId: string, body: ActionCreate): Promise<number> {
    return this.ctx.db.transaction(() => this.replaceSync(scope, actionId, body));
  }

  /** PATCH: only the given keys change (the stock API nulled the retry settings when absent). */
  async patch(scope: Scope, actionId: string, body: ActionPatch, ifVersion?: number): Promise<number> {
    return this.ctx.db.transaction(() => {
      const existing = this.row(scope, actionId);
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
      const version = existing.version + 1;
      this.ctx.db
        .update(actions)
        .set({ doc: JSON.stringify(doc), version })
        .where(eq(actions.seq, existing.seq))
        .run();
      return version;
    });
  }

  async delete(scope: Scope, actionId: string): Promise<void> {
    this.ctx.db
      .delete(actions)
      .where(and(...this.scopeWhere(scope), eq(actions.actionId, actionId)))
      .run();
  }
}
