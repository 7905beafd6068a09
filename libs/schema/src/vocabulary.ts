// The one home of every list of names the parts exchange: the agent's option choices, what the
// scheduler advertises, what the API accepts and what the dashboard offers all read these.
//
// Where the wire must accept more than our agent runs (stock agents and the stock API send names our
// agent refuses), both lists are here and named for what they are: `AGENT_*` is what our agent's
// option parser accepts, `WIRE_*` / `STOCK_*` is what a document may carry.

/**
 * `--action`: the stock five, and `drill` (an extension: restore a point into a throw-away sandbox and
 * check it against the point's catalog; docs/agent.md, Restore drills). The stock agent refuses `drill`.
 */
export const ACTIONS = ['backup', 'restore', 'info', 'admin', 'exec', 'drill'] as const;

/** `--mode` values our agent supports (application-consistent backups; docs/agent.md, Modes). */
export const AGENT_MODES = [
  'fs',
  'sqlite',
  'postgres',
  'mysql',
  'mongo',
  'glance',
  'cinder',
  'nova',
  'cindernative',
] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

/**
 * Modes that read from or write to an OpenStack cloud (Glance, Cinder, Nova): they need no local path,
 * and on an abort the agent deletes the temporary snapshots, volumes and images it made there, which
 * can take minutes (the scheduler gives them a longer grace before its SIGKILL).
 */
export const CLOUD_MODES = [
  'glance',
  'cinder',
  'nova',
  'cindernative',
] as const satisfies readonly AgentMode[];
export type CloudMode = (typeof CLOUD_MODES)[number];

export function isCloudMode(mode: string): mode is CloudMode {
  return (CLOUD_MODES as readonly string[]).includes(mode);
}

/**
 * Modes the stock agent knows. The wire keeps `mode` open (the stock pattern `^[\w-]+$`), so stock job
 * documents with these are stored; our agent refuses the ones not in AGENT_MODES.
 */
export const STOCK_MODES = [
  'fs',
  'mysql',
  'mongo',
  'sqlserver',
  'cinder',
  'cindernative',
  'nova',
  'glance',
] as const;

/** `--storage` values our agent supports. */
export const AGENT_STORAGES = ['local', 'ssh', 's3', 'swift', 'multiple'] as const;
export type AgentStorage = (typeof AGENT_STORAGES)[number];

/** `freezer_action.storage` accepted on the wire: ours plus the stock agent's ftp and ftps. */
export const WIRE_STORAGES = [...AGENT_STORAGES, 'ftp', 'ftps'] as const;
export type WireStorage = (typeof WIRE_STORAGES)[number];

/** `--engine` (`engine_name` in job documents) values our agent supports. */
export const AGENT_ENGINES = ['tar', 'rsync'] as const;
export type AgentEngine = (typeof AGENT_ENGINES)[number];

/** Engines of the stock agent; `engine_name` stays open on the wire (`^[\w-]+$`) for them. */
export const STOCK_ENGINES = ['tar', 'rsync', 'rsyncv2', 'nova', 'glance', 'osbrick'] as const;

/** `--compression` values our agent supports (the agent's default is the first). Also the wire's list. */
export const COMPRESSIONS = ['zstd', 'gzip', 'bzip2', 'xz', 'none'] as const;
export type CompressionName = (typeof COMPRESSIONS)[number];

/** `--encryption-format` (used when `--encrypt-pass-file` is given; the default is the first). */
export const ENCRYPTION_FORMATS = ['aes-256-gcm', 'openssl'] as const;
export type EncryptionFormatName = (typeof ENCRYPTION_FORMATS)[number];

/** `encryption` in backup metadata and in the codec: a format, or none. */
export const BACKUP_ENCRYPTIONS = ['none', ...ENCRYPTION_FORMATS] as const;
export type BackupEncryption = (typeof BACKUP_ENCRYPTIONS)[number];

/** `job_schedule.event`, `.status` and `.result` (stock values; "" = unset). */
export const JOB_EVENTS = ['', 'stop', 'start', 'abort', 'remove'] as const;
export const JOB_STATUSES = ['', 'completed', 'stop', 'scheduled', 'running', 'aborting', 'removed'] as const;
export const JOB_RESULTS = ['', 'success', 'fail', 'aborted'] as const;

/**
 * The keys of `POST /jobs/{id}/event` bodies: the stock three, and `run_now` (an extension: one run at
 * once that leaves the schedule alone). `run_now` is not a `job_schedule.event` value: the stock
 * scheduler loops forever on an event it does not know, so the request travels in
 * `job_schedule.run_now`, a key the stock scheduler ignores.
 */
export const JOB_EVENT_REQUESTS = ['start', 'stop', 'abort', 'run_now'] as const;
export type JobEventRequest = (typeof JOB_EVENT_REQUESTS)[number];

/** `order` of a list route (extension): ascending or descending on `sort`. */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * `sort` of each list route (extension): the keys the store keeps in an indexed column; `created` is
 * the order of arrival. Without `sort` a list keeps the stock order (oldest first).
 */
export const LIST_SORT_KEYS = {
  backups: ['created', 'time_stamp', 'hostname', 'bytes_stored', 'job_id'],
  jobs: ['created', 'updated', 'client_id', 'status', 'result'],
  clients: ['created', 'client_id', 'hostname', 'last_seen'],
  sessions: ['created'],
  actions: ['created'],
} as const;
export type ListResource = keyof typeof LIST_SORT_KEYS;
export type ListSortKey<R extends ListResource> = (typeof LIST_SORT_KEYS)[R][number];

/** A run record's and a run action's `result`. */
export const RUN_RESULTS = ['success', 'fail', 'aborted'] as const;

/** `result` in backup metadata (our agent writes it; the stock one does not). */
export const BACKUP_RESULTS = ['success', 'fail'] as const;

/** A restore drill's `result`: the point restored, matched its catalog and passed the probe, or not. */
export const DRILL_RESULTS = ['success', 'fail'] as const;
/** How many catalog mismatches a drill report lists (the count says how many there were). */
export const DRILL_MISMATCH_LIST_MAX = 20;

/** A session's `status`. */
export const SESSION_STATUSES = ['active', 'running', 'completed'] as const;

/**
 * Agent choices the dashboard's action editor does not offer on purpose; every other AGENT_* value
 * is offered. `multiple` needs `[storage:<name>]` sections in the agent's config file, which a job
 * document cannot express (the scheduler writes one `[default]` section).
 */
export const CLI_ONLY = {
  modes: [] as readonly AgentMode[],
  storages: ['multiple'] as readonly AgentStorage[],
  engines: [] as readonly AgentEngine[],
  compressions: [] as readonly CompressionName[],
  encryptionFormats: [] as readonly EncryptionFormatName[],
} as const;

function offered<T extends string>(all: readonly T[], cliOnly: readonly T[]): readonly T[] {
  return all.filter((v) => !cliOnly.includes(v));
}

/** What the dashboard's action editor offers: the agent's choices minus CLI_ONLY. */
export const DASHBOARD_CHOICES = {
  actions: ACTIONS,
  modes: offered(AGENT_MODES, CLI_ONLY.modes),
  storages: offered(AGENT_STORAGES, CLI_ONLY.storages),
  engines: offered(AGENT_ENGINES, CLI_ONLY.engines),
  compressions: offered(COMPRESSIONS, CLI_ONLY.compressions),
  encryptionFormats: offered(ENCRYPTION_FORMATS, CLI_ONLY.encryptionFormats),
} as const;

/** What a running agent is doing, as its progress events say (`done` is the last event of an action). */
export const PROGRESS_PHASES = ['scan', 'backup', 'restore', 'done'] as const;
/** Where the agent writes progress: `auto` draws a bar on a TTY stderr, `json` writes JSON lines. */
export const PROGRESS_FORMATS = ['auto', 'json', 'none'] as const;
/** The server-sent event names of GET /v2/{project}/events. */
export const SERVER_EVENTS = ['progress'] as const;
/**
 * What an alert rule watches. The first four are computed from schedules, heartbeats and runs;
 * `never_verified` and `drill_failed` read the restore drills (jobs with no drill, or whose last failed).
 */
export const ALERT_KINDS = [
  'job_late',
  'job_failed',
  'client_stale',
  'rpo_breach',
  'never_verified',
  'drill_failed',
] as const;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/** Where a rule sends: an HTTP webhook or e-mail through the server's SMTP relay. */
export const ALERT_ROUTE_TYPES = ['webhook', 'email'] as const;

/** A webhook's body: our JSON document, or `{"text": …}` as Slack and Mattermost incoming hooks take. */
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why a notification is sent: an alert began, is still firing after the repeat interval, or ended. */
export const ALERT_EVENTS = ['firing', 'repeat', 'resolved'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** An outbox entry: waiting (or retrying), sent, or given up after the last attempt. */
export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
