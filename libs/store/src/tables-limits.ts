import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Request-rate windows and failed-login counts shared by every API replica on one database (the
// PostgreSQL twin is tables-limits-pg.ts, created UNLOGGED: counters need no crash safety).

/** One fixed window per caller key: `hits` requests since the window began, until `resets_at` (ms). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: integer('resets_at').notNull(),
});

/** Failed logins per key (`user:<name>` or `addr:<ip>`) since `first_at`; refused until `blocked_until` (s). */
export const loginFailures = sqliteTable('login_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstAt: real('first_at').notNull(),
  blockedUntil: real('blocked_until').notNull(),
});
