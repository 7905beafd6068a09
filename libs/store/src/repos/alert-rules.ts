import {
  ALERT_RULE_DEFAULTS,
  type AlertRuleCreate,
  type AlertRuleDoc,
  type AlertRulePatch,
} from '@freezer/schema';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Scope, type StoreContext, newId, parseDoc } from '../context.js';
import { scopeWhere } from './scope-where.js';

function fill(body: AlertRuleCreate, base: Omit<AlertRuleDoc, keyof AlertRuleCreate | 'selector'>) {
  const doc: AlertRuleDoc = {
    ...base,
    name: body.name,
    kinds: [...new Set(body.kinds)],
    selector: body.selector ?? {},
    severity: body.severity ?? ALERT_RULE_DEFAULTS.severity,
    quiet_hours: body.quiet_hours ?? null,
    repeat_seconds: body.repeat_seconds ?? ALERT_RULE_DEFAULTS.repeat_seconds,
    grace_seconds: body.grace_seconds ?? ALERT_RULE_DEFAULTS.grace_seconds,
    stale_after_seconds: body.stale_after_seconds ?? ALERT_RULE_DEFAULTS.stale_after_seconds,
    routes: body.routes ?? [],
    enabled: body.enabled ?? true,
  };
  return doc;
}

/** Alert rules of a project (scoped like every other document). */
export class AlertRulesRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.alertRules;
  }

  async create(scope: Scope, body: AlertRuleCreate): Promise<AlertRuleDoc> {
    const now = this.ctx.now();
    const doc = fill(body, {
      rule_id: newId(),
      project_id: scope.projectId,
      user_id: scope.userId,
      created_at: now,
      updated_at: now,
    });
    await this.ctx.db.insert(this.t).values({
      projectId: scope.projectId,
      userId: scope.userId,
      ruleId: doc.rule_id,
      enabled: doc.enabled ? 1 : 0,
      doc: JSON.stringify(doc),
      createdAt: now,
      updatedAt: now,
    });
    return doc;
  }

  async list(scope: Scope): Promise<AlertRuleDoc[]> {
    const rows = await this.ctx.db
      .select({ doc: this.t.doc })
      .from(this.t)
      .where(and(...scopeWhere(this.t, scope)))
      .orderBy(asc(this.t.seq));
    return rows.map((r) => parseDoc<AlertRuleDoc>(r.doc));
  }

  async get(scope: Scope, ruleId: string): Promise<AlertRuleDoc | undefined> {
    const [row] = await this.ctx.db
      .select({ doc: this.t.doc })
      .from(this.t)
      .where(and(...scopeWhere(this.t, scope), eq(this.t.ruleId, ruleId)))
      .limit(1);
    return row && parseDoc<AlertRuleDoc>(row.doc);
  }

  /** Applies a patch; a rule turned off resolves its firing alerts without notifying. */
  async patch(scope: Scope, ruleId: string, body: AlertRulePatch): Promise<AlertRuleDoc | undefined> {
    return this.ctx.tx(async (db) => {
      const [row] = await db
        .select({ doc: this.t.doc })
        .from(this.t)
        .where(and(...scopeWhere(this.t, scope), eq(this.t.ruleId, ruleId)))
        .limit(1);
      if (!row) return undefined;
      const old = parseDoc<AlertRuleDoc>(row.doc);
      const now = this.ctx.now();
      const doc = fill({ ...old, ...body }, { ...old, updated_at: now });
      await db
        .update(this.t)
        .set({ doc: JSON.stringify(doc), enabled: doc.enabled ? 1 : 0, updatedAt: now })
        .where(eq(this.t.ruleId, ruleId));
      // An edited rule (quiet hours lifted, a route fixed) retries what waits for it now.
      const d = this.ctx.t.alertDeliveries;
      await db
        .update(d)
        .set({ nextAttemptAt: now })
        .where(and(eq(d.ruleId, ruleId), eq(d.state, 'pending')));
      if (!doc.enabled) {
        const a = this.ctx.t.alerts;
        await db
          .update(a)
          .set({ state: 'resolved', openKey: null, resolvedAt: now })
          .where(and(eq(a.ruleId, ruleId), eq(a.state, 'firing')));
      }
      return doc;
    });
  }

  /** Deletes the rule with its alerts and their queued notifications. */
  async delete(scope: Scope, ruleId: string): Promise<boolean> {
    return this.ctx.tx(async (db) => {
      const gone = await db
        .delete(this.t)
        .where(and(...scopeWhere(this.t, scope), eq(this.t.ruleId, ruleId)))
        .returning({ id: this.t.ruleId });
      if (gone.length === 0) return false;
      await db.delete(this.ctx.t.alertDeliveries).where(eq(this.ctx.t.alertDeliveries.ruleId, ruleId));
      await db.delete(this.ctx.t.alerts).where(eq(this.ctx.t.alerts.ruleId, ruleId));
      return true;
    });
  }

  /** Every enabled rule of every project: what one evaluation cycle works through. */
  async enabled(): Promise<AlertRuleDoc[]> {
    const rows = await this.ctx.db
      .select({ doc: this.t.doc })
      .from(this.t)
      .where(eq(this.t.enabled, 1))
      .orderBy(asc(this.t.seq));
    return rows.map((r) => parseDoc<AlertRuleDoc>(r.doc));
  }

  /** Rules by id, whatever their project (the sender reads quiet hours and routes from them). */
  async byIds(ruleIds: string[]): Promise<Map<string, AlertRuleDoc>> {
    if (ruleIds.length === 0) return new Map();
    const rows = await this.ctx.db
      .select({ doc: this.t.doc })
      .from(this.t)
      .where(inArray(this.t.ruleId, ruleIds));
    return new Map(rows.map((r) => [parseDoc<AlertRuleDoc>(r.doc).rule_id, parseDoc<AlertRuleDoc>(r.doc)]));
  }
}
