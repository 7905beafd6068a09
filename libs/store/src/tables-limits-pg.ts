import { bigint, doublePrecision, integer, pgTable, text } from 'drizzle-orm/pg-core';

// PostgreSQL twin of tables-limits.ts (same names). The migration creates both tables UNLOGGED:
// no WAL per request, and a crash only forgets the counters.

export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: bigint('resets_at', { mode: 'number' }).notNull(),
});

export const loginFailures = pgTable('login_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstAt: doublePrecision('first_at').notNull(),
  blockedUntil: doublePrecision('blocked_until').notNull(),
});
