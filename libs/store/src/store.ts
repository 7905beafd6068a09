import { type Dialect, type StoreContext, epochNow } from './context.js';
import { type Db, type Tables, isPostgresUrl, openDb, sqlitePathFromUrl } from './db.js';
import { openPgDb } from './db-pg.js';
import { withRetries } from './race.js';
import { ActionsRepo } from './repos/actions.js';
import { AlertRulesRepo } from './repos/alert-rules.js';
import { AlertsRepo } from './repos/alerts.js';
import { BackupsRepo } from './repos/backups.js';
import { CatalogRepo } from './repos/catalog.js';
import { FreshnessFactsRepo } from './repos/freshness-facts.js';
import { ClientsRepo } from './repos/clients.js';
import { DrillsRepo } from './repos/drills.js';
import { JobsRepo } from './repos/jobs.js';
import { LimitsRepo } from './repos/limits.js';
import { MetricsRepo } from './repos/metrics.js';
import { OpsMetricsRepo } from './repos/ops-metrics.js';
import { RunsRepo } from './repos/runs.js';
import { SessionsRepo } from './repos/sessions.js';
import { TokensRepo } from './repos/tokens.js';
import { UsersRepo } from './repos/users.js';
import { WebSessionsRepo } from './repos/web-sessions.js';
import { sqliteTransactions } from './sqlite-tx.js';
import * as sqliteTables from './tables.js';
import { pgNotifications, type Notifications } from './notifications.js';

export interface Store {
  clients: ClientsRepo;
  jobs: JobsRepo;
  actions: ActionsRepo;
  sessions: SessionsRepo;
  backups: BackupsRepo;
  catalog: CatalogRepo;
  runs: RunsRepo;
  /** Restore drills, recorded with their runs: history and last result per backup job. */
  drills: DrillsRepo;
  metrics: MetricsRepo;
  users: UsersRepo;
  ops: OpsMetricsRepo;
  tokens: TokensRepo;
  webSessions: WebSessionsRepo;
  /** Request-rate windows and failed logins, shared by the replicas on one database. */
  limits: LimitsRepo;
  /** Alert rules of each project. */
  alertRules: AlertRulesRepo;
  /** Alerts (firing and resolved) and the outbox of their notifications. */
  alerts: AlertsRepo;
  /** What the freshness evaluator reads: jobs with their last runs, clients' heartbeats. */
  freshness: FreshnessFactsRepo;
  /** Shared with other stores in this package (auth repositories). */
  readonly ctx: StoreContext;
  readonly dialect: Dialect;
  /** Cheap round trip to the database for health checks. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  readonly dbPath: string;
  /** PostgreSQL only: LISTEN/NOTIFY between the replicas (SQLite means one process). */
  readonly notifications?: Notifications;
}

export interface StoreOptions {
  /** SQLite file path (created with its directory) or ':memory:'. */
  path?: string;
  now?: () => number;
}

function assemble(
  base: { db: Db; t: Tables; dialect: Dialect; now: () => number },
  transaction: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  extra: { ping(): Promise<boolean>; close(): Promise<void>; dbPath: string; notifications?: Notifications },
): Store {
  const ctx: StoreContext = { ...base, tx: (fn) => withRetries(() => transaction(fn)) };
  const actions = new ActionsRepo(ctx);
  const jobs = new JobsRepo(ctx, actions);
  const drills = new DrillsRepo(ctx);
  return {
    clients: new ClientsRepo(ctx),
    jobs,
    actions,
    sessions: new SessionsRepo(ctx, jobs),
    backups: new BackupsRepo(ctx),
    catalog: new CatalogRepo(ctx, jobs),
    runs: new RunsRepo(ctx, jobs, drills),
    drills,
    metrics: new MetricsRepo(ctx),
    users: new UsersRepo(ctx),
    ops: new OpsMetricsRepo(ctx),
    tokens: new TokensRepo(ctx),
    webSessions: new WebSessionsRepo(ctx),
    limits: new LimitsRepo(ctx),
    alertRules: new AlertRulesRepo(ctx),
    alerts: new AlertsRepo(ctx),
    freshness: new FreshnessFactsRepo(ctx),
    ctx,
    dialect: base.dialect,
    ...extra,
  };
}

/** The SQLite store (synchronous open; the default for one machine). */
export function createStore(options: StoreOptions = {}): Store {
  const opened = openDb(options.path);
  return assemble(
    { db: opened.db, t: sqliteTables, dialect: 'sqlite', now: options.now ?? epochNow },
    sqliteTransactions(opened.sqlite, opened.db),
    {
      ping: async () => opened.sqlite.prepare('SELECT 1 AS ok').get() !== undefined,
      close: async () => opened.close(),
      dbPath: opened.path,
    },
  );
}

export interface OpenStoreOptions {
  /** DATABASE_URL: `postgres://…`/`postgresql://…`, or a SQLite path / `sqlite:` / `file:` URL. */
  url: string;
  now?: () => number;
  poolSize?: number;
}

/** Opens the store the URL names: PostgreSQL (node-postgres pool) or SQLite (better-sqlite3). */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (!isPostgresUrl(options.url)) {
    return createStore({
      path: sqlitePathFromUrl(options.url),
      ...(options.now ? { now: options.now } : {}),
    });
  }
  const opened = await openPgDb(options.url, options.poolSize);
  return assemble(
    { db: opened.db, t: opened.tables, dialect: 'postgres', now: options.now ?? epochNow },
    opened.transaction,
    {
      ping: async () => (await opened.pool.query('SELECT 1 AS ok')).rowCount === 1,
      close: () => opened.close(),
      dbPath: opened.safeUrl,
      notifications: pgNotifications(opened.pool, options.url),
    },
  );
}
