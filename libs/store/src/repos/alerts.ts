import type { AlertDeliveryDoc, AlertDoc, AlertEvent, AlertRoute, AlertRuleDoc } from '@freezer/schema';
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { type StoreContext, newId, parseDoc } from '../context.js';
import type { Db } from '../db.js';
import type { Page } from '../search.js';
import type { alertDeliveries, alerts } from '../tables.js';
import { sqlPage } from './list.js';

type AlertRow = typeof alerts.$inferSelect;
type DeliveryRow = typeof alertDeliveries.$inferSelect;

/** A condition that holds (what @freezer/alerts finds). */
export interface AlertCondition {
  kind: AlertDoc['kind'];
  subjectType: AlertDoc['subject_type'];
  subjectId: string;
  summary: string;
  /** `<kind>:<subject type>:<subject id>`: one firing alert per fingerprint and rule. */
  fingerprint: string;
}

/** What one cycle decided for one rule (@freezer/alerts plans it). */
export interface AlertChanges {
  /** Conditions with no firing alert yet: a new alert each, announced once. */
  open: AlertCondition[];
  /** Firing alerts whose condition no longer holds: resolved, and the resolution sent. */
  resolve: string[];
  /** Firing alerts due for a reminder (the rule's repeat interval has passed). */
  remind: string[];
}

export interface OpenAlertRow {
  alertId: string;
  fingerprint: string;
  /** Epoch seconds of the last notification queued for it (first or reminder). */
  lastNotifiedAt: number;
}

/** A queued notification handed to a sender, which owns it until it reports back. */
export interface ClaimedDelivery {
  deliveryId: string;
  ruleId: string;
  event: AlertEvent;
  route: AlertRoute;
  alert: AlertDoc;
  attempts: number;
}

interface DeliveryBody {
  route: AlertRoute;
  alert: AlertDoc;
}

function alertDoc(row: AlertRow): AlertDoc {
  const doc = parseDoc<AlertDoc>(row.doc);
  return {
    ...doc,
    state: row.state as AlertDoc['state'],
    resolved_at: row.resolvedAt === null ? null : Number(row.resolvedAt),
  };
}

function deliveryDoc(row: DeliveryRow): AlertDeliveryDoc {
  return {
    delivery_id: row.deliveryId,
    alert_id: row.alertId,
    event: row.event as AlertEvent,
    route: parseDoc<DeliveryBody>(row.doc).route,
    state: row.state as AlertDeliveryDoc['state'],
    attempts: row.attempts,
    next_attempt_at: Number(row.nextAttemptAt),
    last_error: row.lastError,
    created_at: Number(row.createdAt),
    sent_at: row.sentAt === null ? null : Number(row.sentAt),
  };
}

// Any fixed number: PostgreSQL replicas take this transaction-level advisory lock for one cycle.
const EVALUATOR_LOCK = 7_164_023;

/** Firing and resolved alerts, and the outbox of their notifications. */
export class AlertsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get a() {
    return this.ctx.t.alerts;
  }

  private get d() {
    return this.ctx.t.alertDeliveries;
  }

  /**
   * Runs one evaluation cycle where no other replica runs one. PostgreSQL: in a transaction holding
   * an advisory lock (a replica that cannot take it skips the cycle, returning undefined). SQLite is
   * one process; the unique open key still keeps a condition to one firing alert.
   */
  async exclusive<T>(fn: (db: Db) => Promise<T>): Promise<T | undefined> {
    if (this.ctx.dialect === 'sqlite') return fn(this.ctx.db);
    return this.ctx.tx(async (db) => {
      const res = (await (
        db as unknown as { execute(q: unknown): Promise<{ rows: { ok: boolean }[] }> }
      ).execute(sql`select pg_try_advisory_xact_lock(${EVALUATOR_LOCK}) as ok`)) ?? { rows: [] };
      return res.rows[0]?.ok ? fn(db) : undefined;
    });
  }

  async openOf(db: Db, ruleId: string): Promise<OpenAlertRow[]> {
    const rows = await db
      .select({ alertId: this.a.alertId, fingerprint: this.a.fingerprint, last: this.a.lastNotifiedAt })
      .from(this.a)
      .where(and(eq(this.a.ruleId, ruleId), eq(this.a.state, 'firing')));
    return rows.map((r) => ({
      alertId: r.alertId,
      fingerprint: r.fingerprint,
      lastNotifiedAt: Number(r.last),
    }));
  }

  /** Writes one rule's changes and queues one notification per route for each. */
  async apply(db: Db, rule: AlertRuleDoc, changes: AlertChanges): Promise<void> {
    const now = this.ctx.now();
    for (const c of changes.open) {
      const doc: AlertDoc = {
        alert_id: newId(),
        project_id: rule.project_id,
        rule_id: rule.rule_id,
        rule_name: rule.name,
        kind: c.kind,
        severity: rule.severity,
        subject_type: c.subjectType,
        subject_id: c.subjectId,
        summary: c.summary,
        state: 'firing',
        started_at: now,
        resolved_at: null,
        notifications: 0,
      };
      const inserted = await db
        .insert(this.a)
        .values({
          projectId: rule.project_id,
          alertId: doc.alert_id,
          ruleId: rule.rule_id,
          fingerprint: c.fingerprint,
          openKey: `${rule.rule_id}:${c.fingerprint}`,
          state: 'firing',
          startedAt: now,
          lastNotifiedAt: now,
          doc: JSON.stringify(doc),
        })
        .onConflictDoNothing()
        .returning({ seq: this.a.seq });
      if (inserted.length === 1) await this.notify(db, rule, doc, 'firing', now);
    }
    for (const alertId of changes.resolve) {
      const rows = await db
        .update(this.a)
        .set({ state: 'resolved', openKey: null, resolvedAt: now })
        .where(and(eq(this.a.alertId, alertId), eq(this.a.state, 'firing')))
        .returning();
      const row = rows[0];
      if (row) await this.notify(db, rule, alertDoc(row), 'resolved', now);
    }
    for (const alertId of changes.remind) {
      const rows = await db
        .update(this.a)
        .set({ lastNotifiedAt: now })
        .where(and(eq(this.a.alertId, alertId), eq(this.a.state, 'firing')))
        .returning();
      const row = rows[0];
      if (row) await this.notify(db, rule, alertDoc(row), 'repeat', now);
    }
  }

  private async notify(db: Db, rule: AlertRuleDoc, alert: AlertDoc, event: AlertEvent, now: number) {
    const n = alert.notifications;
    const doc: AlertDoc = { ...alert, notifications: n + 1 };
    await db
      .update(this.a)
      .set({ doc: JSON.stringify(doc) })
      .where(eq(this.a.alertId, alert.alert_id));
    const values = rule.routes.map((route, i) => ({
      deliveryId: newId(),
      dedupeKey: `${alert.alert_id}:${event}:${n}:${i}`,
      projectId: alert.project_id,
      alertId: alert.alert_id,
      ruleId: rule.rule_id,
      event,
      state: 'pending',
      nextAttemptAt: now,
      createdAt: now,
      doc: JSON.stringify({ route, alert: doc } satisfies DeliveryBody),
    }));
    if (values.length > 0) await db.insert(this.d).values(values).onConflictDoNothing();
  }

  async firing(projectId: string): Promise<AlertDoc[]> {
    const rows = await this.ctx.db
      .select()
      .from(this.a)
      .where(and(eq(this.a.projectId, projectId), eq(this.a.state, 'firing')))
      .orderBy(desc(this.a.startedAt), desc(this.a.seq));
    return rows.map(alertDoc);
  }

  /** Every alert of the project, firing or resolved, newest first. */
  async history(projectId: string, page: Page): Promise<AlertDoc[]> {
    const p = sqlPage(page);
    const rows = await this.ctx.db
      .select()
      .from(this.a)
      .where(eq(this.a.projectId, projectId))
      .orderBy(desc(this.a.startedAt), desc(this.a.seq))
      .limit(p.limit)
      .offset(p.offset);
    return rows.map(alertDoc);
  }

  async deliveries(projectId: string, alertId: string): Promise<AlertDeliveryDoc[]> {
    const rows = await this.ctx.db
      .select()
      .from(this.d)
      .where(and(eq(this.d.projectId, projectId), eq(this.d.alertId, alertId)))
      .orderBy(this.d.seq);
    return rows.map(deliveryDoc);
  }

  /**
   * Takes up to `limit` due notifications for `leaseSeconds`. Each row is taken by a conditional
   * update, so two senders (replicas) never both own one; a sender that dies loses it at lease end.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const now = this.ctx.now();
    const due = await this.ctx.db
      .select({ id: this.d.deliveryId, claimed: this.d.claimedUntil })
      .from(this.d)
      .where(and(eq(this.d.state, 'pending'), lte(this.d.nextAttemptAt, now), lte(this.d.claimedUntil, now)))
      .orderBy(this.d.seq)
      .limit(limit);
    const out: ClaimedDelivery[] = [];
    for (const row of due) {
      const [taken] = await this.ctx.db
        .update(this.d)
        .set({ claimedUntil: now + leaseSeconds })
        .where(
          and(
            eq(this.d.deliveryId, row.id),
            eq(this.d.state, 'pending'),
            eq(this.d.claimedUntil, row.claimed),
          ),
        )
        .returning();
      if (!taken) continue;
      const body = parseDoc<DeliveryBody>(taken.doc);
      out.push({
        deliveryId: taken.deliveryId,
        ruleId: taken.ruleId,
        event: taken.event as AlertEvent,
        route: body.route,
        alert: body.alert,
        attempts: taken.attempts,
      });
    }
    return out;
  }

  /** Quiet hours: the notification waits, without counting an attempt. */
  async hold(deliveryId: string, until: number): Promise<void> {
    await this.ctx.db
      .update(this.d)
      .set({ nextAttemptAt: until, claimedUntil: 0 })
      .where(eq(this.d.deliveryId, deliveryId));
  }

  async sent(deliveryId: string): Promise<void> {
    await this.ctx.db
      .update(this.d)
      .set({ state: 'sent', sentAt: this.ctx.now(), attempts: sql`${this.d.attempts} + 1`, lastError: null })
      .where(eq(this.d.deliveryId, deliveryId));
  }

  /** A failed attempt: retried at `retryAt`, or given up (state failed) when that is null. */
  async attemptFailed(deliveryId: string, error: string, retryAt: number | null): Promise<void> {
    await this.ctx.db
      .update(this.d)
      .set({
        state: retryAt === null ? 'failed' : 'pending',
        attempts: sql`${this.d.attempts} + 1`,
        nextAttemptAt: retryAt ?? this.ctx.now(),
        claimedUntil: 0,
        lastError: error.slice(0, 1000),
      })
      .where(eq(this.d.deliveryId, deliveryId));
  }

  /** Firing alerts per project (the header badge). */
  async firingCount(projectId: string): Promise<number> {
    const [row] = await this.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(this.a)
      .where(and(eq(this.a.projectId, projectId), eq(this.a.state, 'firing')));
    return Number(row?.n ?? 0);
  }
}
