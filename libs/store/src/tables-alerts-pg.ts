import { bigint, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// PostgreSQL twin of tables-alerts.ts (same names; epoch seconds as bigint read as numbers).

const epoch = (name: string) => bigint(name, { mode: 'number' });

export const alertRules = pgTable(
  'alert_rules',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    userId: text('user_id').notNull(),
    ruleId: text('rule_id').notNull(),
    enabled: integer('enabled').notNull().default(1),
    doc: text('doc').notNull(),
    createdAt: epoch('created_at').notNull(),
    updatedAt: epoch('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_rules_rule_id').on(t.ruleId), index('alert_rules_project').on(t.projectId)],
);

export const alerts = pgTable(
  'alerts',
  {
    seq: serial('seq').primaryKey(),
    projectId: text('project_id').notNull(),
    alertId: text('alert_id').notNull(),
    ruleId: text('rule_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    openKey: text('open_key'),
    state: text('state').notNull(),
    startedAt: epoch('started_at').notNull(),
    resolvedAt: epoch('resolved_at'),
    lastNotifiedAt: epoch('last_notified_at').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_alert_id').on(t.alertId),
    uniqueIndex('alerts_open_key').on(t.projectId, t.openKey),
    index('alerts_project_state').on(t.projectId, t.state, t.startedAt),
  ],
);

export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    seq: serial('seq').primaryKey(),
    deliveryId: text('delivery_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    projectId: text('project_id').notNull(),
    alertId: text('alert_id').notNull(),
    ruleId: text('rule_id').notNull(),
    event: text('event').notNull(),
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: epoch('next_attempt_at').notNull(),
    claimedUntil: epoch('claimed_until').notNull().default(0),
    lastError: text('last_error'),
    createdAt: epoch('created_at').notNull(),
    sentAt: epoch('sent_at'),
    doc: text('doc').notNull(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_delivery_id').on(t.deliveryId),
    uniqueIndex('alert_deliveries_dedupe').on(t.dedupeKey),
    index('alert_deliveries_due').on(t.state, t.nextAttemptAt),
    index('alert_deliveries_alert').on(t.alertId),
  ],
);
