import { type StoreContext, epochNow } from './context.js';
import { type OpenedDb, openDb } from './db.js';
import { ActionsRepo } from './repos/actions.js';
import { BackupsRepo } from './repos/backups.js';
import { ClientsRepo } from './repos/clients.js';
import { JobsRepo } from './repos/jobs.js';
import { MetricsRepo } from './repos/metrics.js';
import { RunsRepo } from './repos/runs.js';
import { SessionsRepo } from './repos/sessions.js';

export interface Store {
  clients: ClientsRepo;
  jobs: JobsRepo;
  actions: ActionsRepo;
  sessions: SessionsRepo;
  backups: BackupsRepo;
  runs: RunsRepo;
  metrics: MetricsRepo;
  /** Cheap round trip to the database for health checks. */
  ping(): boolean;
  close(): void;
  readonly dbPath: string;
}

export interface StoreOptions {
  /** SQLite file path (created with its directory) or ':memory:'. */
  path?: string;
  now?: () => number;
}

export function createStore(options: StoreOptions = {}): Store {
  const opened: OpenedDb = openDb(options.path);
  const ctx: StoreContext = { db: opened.db, now: options.now ?? epochNow };
  const actions = new ActionsRepo(ctx);
  const jobs = new JobsRepo(ctx, actions);
  return {
    clients: new ClientsRepo(ctx),
    jobs,
    actions,
    sessions: new SessionsRepo(ctx, jobs),
    backups: new BackupsRepo(ctx),
    runs: new RunsRepo(ctx, jobs),
    metrics: new MetricsRepo(ctx),
    ping: () => opened.sqlite.prepare('SELECT 1 AS ok').get() !== undefined,
    close: () => opened.close(),
    dbPath: opened.path,
  };
}
