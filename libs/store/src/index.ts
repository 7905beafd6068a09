export * from './store.js';
export * from './errors.js';
export * from './search.js';
export { type Scope, type Versioned, type Dialect, newId } from './context.js';
export {
  openDb,
  appliedMigrations,
  migrationsFolder,
  sqlitePathFromUrl,
  isPostgresUrl,
  DEFAULT_DB_PATH,
} from './db.js';
export { redactUrl } from './db-pg.js';
export type { Notifications } from './notifications.js';
export type { UserRow, NewUser } from './repos/users.js';
export type { TokenRow, TokenKind, NewToken } from './repos/tokens.js';
export { tokenDoc } from './repos/tokens.js';
export type { OpsSnapshot } from './repos/ops-metrics.js';
export type { RateHit, LoginFailure, LimitsRepo } from './repos/limits.js';
export type { ListSort, ListView } from './repos/list-order.js';
export type { AlertChanges, AlertCondition, ClaimedDelivery, OpenAlertRow } from './repos/alerts.js';
export type { FreshnessClient, FreshnessJob } from './repos/freshness-facts.js';
export type { Db } from './db.js';
export type { DrillsRepo } from './repos/drills.js';
