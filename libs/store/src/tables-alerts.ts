import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Alert rules, alerts (one row per episode, firing → resolved) and the notification outbox
// (SQLite; the PostgreSQL twin is tables-alerts-pg.ts).

export const alertRules = sqliteTable(
  'alert_rules',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    ruleId: text('rule_id').notNull(),
    enabled: integer('enabled').notNull().default(1),
    doc: text('doc').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_rules_rule_id').on(t.ruleId), index('alert_rules_project').on(t.projectId)],
);

export const alerts = sqliteTable(
  'alerts',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    alertId: text('alert_id').notNull(),
    ruleId: text('rule_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /**
     * `<rule_id>:<fingerprint>` while firing, null once resolved: the unique index lets a condition
     * have one firing alert at a time, whichever replica or cycle inserts it.
     */
    openKey: text('open_key'),
    state: text('state').notNull(),
    startedAt: integer('started_at').notNull(),
    resolvedAt: integer('resolved_at'),
    lastNotifiedAt: integer('last_notified_at').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_alert_id').on(t.alertId),
    uniqueIndex('alerts_open_key').on(t.projectId, t.openKey),
    index('alerts_project_state').on(t.projectId, t.state, t.startedAt),
  ],
);

export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id').notNull(),
    /** `<alert_id>:<event>:<n>:<route index>`: the same notification is queued once. */
    dedupeKey: text('dedupe_key').notNull(),
    projectId: text('project_id').notNull(),
    alertId: text('alert_id').notNull(),
    ruleId: text('rule_id').notNull(),
    event: text('event').notNull(),
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** A sender owns the row until then (epoch s); after a crash another takes it over. */
    claimedUntil: integer('claimed_until').notNull().default(0),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** The route and the alert as they were when queued (JSON). */
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_delivery_id').on(t.deliveryId),
    uniqueIndex('alert_deliveries_dedupe').on(t.dedupeKey),
    index('alert_deliveries_due').on(t.state, t.nextAttemptAt),
    index('alert_deliveries_alert').on(t.alertId),
  ],
);
