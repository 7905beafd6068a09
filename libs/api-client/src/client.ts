import { issueToken, type KeystoneCredentials } from './auth.js';
import { ApiError, ApiUnreachableError, describeErrorBody } from './errors.js';
import { fetchTransport, type Transport } from './transport.js';
import { PROGRESS_INTERVAL_HEADER } from '@freezer/schema';
import type {
  AlertDeliveryDoc,
  AlertDoc,
  AlertRuleCreate,
  AlertRuleDoc,
  AlertRulePatch,
  Health,
  JobEventRequest,
  JobProgress,
  JobProgressList,
  ProgressEvent,
  SortOrder,
  LoginBody,
  MetricsSummary,
  MetricsTimeseries,
  ProjectList,
  SessionInfo,
  TokenCreate,
  TokenCreated,
  TokenDoc,
  CatalogListing,
  CatalogListQuery,
  CatalogMissingBody,
  CatalogRestoreRequest,
  CatalogRestoreResult,
  CatalogSearchResult,
  CatalogUploadResult,
} from '@freezer/schema';
import type {
  ActionDoc,
  ActionPatch,
  BackupDoc,
  ClientDoc,
  ClientHeartbeat,
  ClientRegistration,
  DrillDoc,
  DrillStatus,
  JobDoc,
  JobPatch,
  NewAction,
  NewJob,
  NewSession,
  RunDoc,
  RunRecord,
  SearchFilter,
  SessionActionResponse,
  SessionDoc,
  SessionPatch,
} from './types.js';

export interface ApiClientOptions {
  /**
   * API base, e.g. http://127.0.0.1:9090, or '' for the page's own origin (the dashboard). Without
   * it, the catalog's `backup` service is used.
   */
  apiUrl?: string;
  /** Project in the path; defaults to the token's project. */
  projectId?: string;
  /** A ready token sent as X-Auth-Token (plain setups and our API accept any). */
  token?: string;
  /** Keystone credentials: a token is issued on first use and re-issued once on a 401. */
  keystone?: KeystoneCredentials;
  transport?: Transport;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
  search?: SearchFilter;
  /** Extension: a key of LIST_SORT_KEYS for the resource (the stock API ignores it). */
  sort?: string;
  order?: SortOrder;
  /** Extension: only documents with a value containing this text. */
  filter?: string;
}

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  body?: unknown;
  /** A streamed body of this media type, sent as it is (no JSON encoding). */
  stream?: { contentType: string; body: AsyncIterable<Uint8Array> };
  query?: Query;
  /** Statuses that are an expected answer rather than an error (e.g. 404 on a GET of one object). */
  accept?: number[];
  /** The path is from the server root (`/healthz`, `/auth/...`), not under `/v2/{project}`. */
  root?: boolean;
}

interface Reply<T> {
  status: number;
  data: T | undefined;
  header(name: string): string | null;
}

const PAGE = 100;

/** Typed client for the v2 API plus this project's extensions (heartbeat, runs, idempotent backups). */
export class FreezerApiClient {
  private readonly transport: Transport;
  private apiUrl: string | undefined;
  private projectIdValue: string | undefined;
  private token: string | undefined;
  private readonly keystone: KeystoneCredentials | undefined;

  constructor(opts: ApiClientOptions) {
    this.transport = opts.transport ?? fetchTransport();
    this.apiUrl = opts.apiUrl?.replace(/\/+$/, '');
    this.projectIdValue = opts.projectId;
    this.token = opts.token;
    this.keystone = opts.keystone;
    if (!this.keystone && this.apiUrl === undefined)
      throw new Error('an API URL or Keystone credentials are required');
  }

  /** Resolves token, API URL and project id (authenticating if needed). */
  async connect(): Promise<{ apiUrl: string; projectId: string }> {
    const apiUrl = await this.baseUrl();
    if (!this.projectIdValue) throw new Error('no project id: pass one or authenticate with a project scope');
    return { apiUrl, projectId: this.projectIdValue };
  }

  private async baseUrl(): Promise<string> {
    if ((!this.token || this.apiUrl === undefined || !this.projectIdValue) && this.keystone)
      await this.authenticate();
    if (this.apiUrl === undefined)
      throw new Error('no API URL: pass one or use a token whose catalog has a backup service');
    return this.apiUrl;
  }

  get projectId(): string | undefined {
    return this.projectIdValue;
  }

  private async authenticate(): Promise<void> {
    if (!this.keystone) return;
    const issued = await issueToken(this.transport, this.keystone);
    this.token = issued.token;
    this.apiUrl ??= issued.backupUrl?.replace(/\/+$/, '');
    this.projectIdValue ??= issued.projectId ?? this.keystone.projectId;
  }

  private async send<T>(
    method: string,
    path: string,
    opts: RequestOptions = {},
    retried = false,
  ): Promise<Reply<T>> {
    let url: string;
    if (opts.root) url = `${await this.baseUrl()}${path}`;
    else {
      const { apiUrl, projectId } = await this.connect();
      url = `${apiUrl}/v2/${encodeURIComponent(projectId)}${path}`;
    }
    const params = Object.entries(opts.query ?? {}).filter(([, v]) => v !== undefined);
    if (params.length) url += `?${params.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['x-auth-token'] = this.token;
    let body: string | AsyncIterable<Uint8Array> | undefined;
    if (opts.stream) {
      body = opts.stream.body;
      headers['content-type'] = opts.stream.contentType;
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    let res;
    try {
      res = await this.transport({ method, url, headers, body });
    } catch (err) {
      // A cancelled request is the caller's decision, not an unreachable API.
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw new ApiUnreachableError(url, err);
    }
    // A streamed body is consumed: it cannot be sent again with a fresh token.
    if (res.status === 401 && this.keystone && !retried && !opts.stream) {
      this.token = undefined;
      await this.authenticate();
      return this.send(method, path, opts, true);
    }
    const ok = (res.status >= 200 && res.status < 300) || (opts.accept ?? []).includes(res.status);
    if (!ok) throw new ApiError(res.status, describeErrorBody(res.status, res.text), method, url);
    let data: T | undefined;
    if (res.text && res.status !== 204) {
      try {
        data = JSON.parse(res.text) as T;
      } catch {
        if (res.status < 300)
          throw new ApiError(res.status, `reply is not JSON: ${res.text.slice(0, 80)}`, method, url);
      }
    }
    return { status: res.status, data, header: (name) => res.header(name) };
  }

  private async json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const reply = await this.send<T>(method, path, opts);
    if (reply.data === undefined) throw new ApiError(reply.status, 'empty reply', method, path);
    return reply.data;
  }

  private async getOne<T>(path: string): Promise<T | null> {
    const reply = await this.send<T>('GET', path, { accept: [404] });
    return reply.status === 404 ? null : (reply.data ?? null);
  }

  /** Stock APIs read the search from a GET body; ours also takes `?search=` (fetch cannot send GET bodies). */
  private listQuery(o: ListOptions): RequestOptions {
    return {
      query: {
        limit: o.limit ?? PAGE,
        offset: o.offset ?? 0,
        search: o.search ? JSON.stringify(o.search) : undefined,
        sort: o.sort,
        order: o.sort ? o.order : undefined,
        filter: o.filter || undefined,
      },
      body: o.search,
    };
  }

  private async all<T>(page: (o: ListOptions) => Promise<T[]>, search?: SearchFilter): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const items = await page({ limit: PAGE, offset, search });
      out.push(...items);
      if (items.length < PAGE) return out;
    }
  }

  // ---------------------------------------------------------------- clients
  async registerClient(reg: ClientRegistration): Promise<string> {
    return (await this.json<{ client_id: string }>('POST', '/clients', { body: reg })).client_id;
  }

  /** Extension. Returns false when the API does not know the route (stock API: 404/405). */
  async heartbeat(clientId: string, info: ClientHeartbeat = {}): Promise<boolean> {
    const reply = await this.send('POST', `/clients/${encodeURIComponent(clientId)}/heartbeat`, {
      body: info,
      accept: [404, 405],
    });
    return reply.status < 300;
  }

  async listClients(o: ListOptions = {}): Promise<ClientDoc[]> {
    return (await this.json<{ clients: ClientDoc[] }>('GET', '/clients', this.listQuery(o))).clients;
  }

  getClient(clientId: string): Promise<ClientDoc | null> {
    return this.getOne(`/clients/${encodeURIComponent(clientId)}`);
  }

  async deleteClient(clientId: string): Promise<void> {
    await this.send('DELETE', `/clients/${encodeURIComponent(clientId)}`);
  }

  // ---------------------------------------------------------------- jobs
  async listJobs(o: ListOptions = {}): Promise<JobDoc[]> {
    return (await this.json<{ jobs: JobDoc[] }>('GET', '/jobs', this.listQuery(o))).jobs;
  }

  listAllJobs(search?: SearchFilter): Promise<JobDoc[]> {
    return this.all((o) => this.listJobs(o), search);
  }

  getJob(jobId: string): Promise<JobDoc | null> {
    return this.getOne(`/jobs/${encodeURIComponent(jobId)}`);
  }

  /** POST /jobs, or POST /jobs/{job_id} (create-or-replace) when the document names its id, as the stock CLI. */
  async createJob(job: NewJob): Promise<string> {
    const path = job.job_id ? `/jobs/${encodeURIComponent(job.job_id)}` : '/jobs';
    return (await this.json<{ job_id: string }>('POST', path, { body: job })).job_id;
  }

  /** PATCH replaces each top-level key wholesale; always send the whole job_schedule. */
  async patchJob(jobId: string, patch: JobPatch): Promise<void> {
    await this.send('PATCH', `/jobs/${encodeURIComponent(jobId)}`, { body: patch });
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.send('DELETE', `/jobs/${encodeURIComponent(jobId)}`);
  }

  async jobEvent(jobId: string, event: JobEventRequest): Promise<string> {
    const r = await this.json<{ result: string }>('POST', `/jobs/${encodeURIComponent(jobId)}/event`, {
      body: { [event]: null },
    });
    return r.result;
  }

  /** Extension. Returns false when the API has no runs route (stock API). */
  async postRun(jobId: string, run: RunRecord): Promise<boolean> {
    const reply = await this.send('POST', `/jobs/${encodeURIComponent(jobId)}/runs`, {
      body: run,
      accept: [404, 405],
    });
    return reply.status < 300;
  }

  /**
   * Extension: a running job's latest progress. False when the API does not keep progress (stock
   * API) or no longer knows the job; the caller just stops sending for this run. `onInterval` gets the
   * raw `Freezer-Progress-Interval` header of a kept event (how often the API wants progress; unchecked).
   */
  async postProgress(
    jobId: string,
    progress: ProgressEvent,
    onInterval?: (seconds: string) => void,
  ): Promise<boolean> {
    const reply = await this.send('POST', `/jobs/${encodeURIComponent(jobId)}/progress`, {
      body: progress,
      accept: [404, 405],
    });
    const interval = reply.header(PROGRESS_INTERVAL_HEADER);
    if (reply.status < 300 && interval !== null) onInterval?.(interval);
    return reply.status < 300;
  }

  /**
   * Extension: where and with which headers a run's progress is streamed (`application/x-ndjson`, one
   * event per line). The caller sends it with its own streamed request: the transport returns only
   * whole replies, and a progress stream's reply ends only when its request does.
   */
  async progressStreamTarget(jobId: string): Promise<{ url: string; headers: Record<string, string> }> {
    const { apiUrl, projectId } = await this.connect();
    const headers: Record<string, string> = { accept: 'application/x-ndjson, application/json' };
    if (this.token) headers['x-auth-token'] = this.token;
    return {
      url: `${apiUrl}/v2/${encodeURIComponent(projectId)}/jobs/${encodeURIComponent(jobId)}/progress`,
      headers,
    };
  }

  /** Extension: every running job's latest progress (what the dashboard polls without SSE). */
  async listProgress(): Promise<JobProgress[]> {
    return (await this.json<JobProgressList>('GET', '/progress')).progress;
  }

  /** The project's server-sent events URL (GET /v2/{project}/events), for an EventSource. */
  async eventsUrl(): Promise<string> {
    const { apiUrl, projectId } = await this.connect();
    return `${apiUrl}/v2/${encodeURIComponent(projectId)}/events`;
  }

  /** Extension: a job's runs, newest first (null when the API has no runs route). */
  async listRuns(jobId: string, o: ListOptions = {}): Promise<RunDoc[] | null> {
    const reply = await this.send<{ runs: RunDoc[] }>('GET', `/jobs/${encodeURIComponent(jobId)}/runs`, {
      query: { limit: o.limit ?? PAGE, offset: o.offset ?? 0 },
      accept: [404, 405],
    });
    return reply.status < 300 ? (reply.data?.runs ?? []) : null;
  }

  /** Extension: every job's runs, newest first; `since` = epoch s on time_started (null without the route). */
  async listProjectRuns(o: ListOptions & { since?: number } = {}): Promise<RunDoc[] | null> {
    const reply = await this.send<{ runs: RunDoc[] }>('GET', '/runs', {
      query: { limit: o.limit ?? PAGE, offset: o.offset ?? 0, since: o.since },
      accept: [404, 405],
    });
    return reply.status < 300 ? (reply.data?.runs ?? []) : null;
  }

  /** Extension: restore drills, newest first; `jobId` keeps those run in or verifying that job. */
  async listDrills(o: ListOptions & { jobId?: string } = {}): Promise<DrillDoc[]> {
    const query = { limit: o.limit ?? PAGE, offset: o.offset ?? 0, job_id: o.jobId };
    return (await this.json<{ drills: DrillDoc[] }>('GET', '/drills', { query })).drills;
  }

  /** Extension: per backup job, the newest drill and the newest successful one. */
  async drillStatus(): Promise<DrillStatus[]> {
    return (await this.json<{ jobs: DrillStatus[] }>('GET', '/drills/latest')).jobs;
  }

  // ---------------------------------------------------------------- actions
  async listActions(o: ListOptions = {}): Promise<ActionDoc[]> {
    return (await this.json<{ actions: ActionDoc[] }>('GET', '/actions', this.listQuery(o))).actions;
  }

  getAction(actionId: string): Promise<ActionDoc | null> {
    return this.getOne(`/actions/${encodeURIComponent(actionId)}`);
  }

  async createAction(action: NewAction): Promise<string> {
    const path = action.action_id ? `/actions/${encodeURIComponent(action.action_id)}` : '/actions';
    return (await this.json<{ action_id: string }>('POST', path, { body: action })).action_id;
  }

  /** PATCH: only the given keys change. */
  async patchAction(actionId: string, patch: ActionPatch): Promise<void> {
    await this.send('PATCH', `/actions/${encodeURIComponent(actionId)}`, { body: patch });
  }

  async deleteAction(actionId: string): Promise<void> {
    await this.send('DELETE', `/actions/${encodeURIComponent(actionId)}`);
  }

  // ---------------------------------------------------------------- sessions
  async listSessions(o: ListOptions = {}): Promise<SessionDoc[]> {
    return (await this.json<{ sessions: SessionDoc[] }>('GET', '/sessions', this.listQuery(o))).sessions;
  }

  getSession(sessionId: string): Promise<SessionDoc | null> {
    return this.getOne(`/sessions/${encodeURIComponent(sessionId)}`);
  }

  async createSession(s: NewSession): Promise<string> {
    const path = s.session_id ? `/sessions/${encodeURIComponent(s.session_id)}` : '/sessions';
    return (await this.json<{ session_id: string }>('POST', path, { body: s })).session_id;
  }

  async patchSession(sessionId: string, patch: SessionPatch): Promise<void> {
    await this.send('PATCH', `/sessions/${encodeURIComponent(sessionId)}`, { body: patch });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.send('DELETE', `/sessions/${encodeURIComponent(sessionId)}`);
  }

  /** Stock: the job takes the session's schedule. `keepSchedule` (extension) leaves the job's own. */
  async addJobToSession(sessionId: string, jobId: string, o: { keepSchedule?: boolean } = {}): Promise<void> {
    await this.send('PUT', `/sessions/${encodeURIComponent(sessionId)}/jobs/${encodeURIComponent(jobId)}`, {
      query: o.keepSchedule ? { keep_schedule: 'true' } : {},
    });
  }

  async removeJobFromSession(sessionId: string, jobId: string): Promise<void> {
    await this.send('DELETE', `/sessions/${encodeURIComponent(sessionId)}/jobs/${encodeURIComponent(jobId)}`);
  }

  startSession(sessionId: string, jobId: string, currentTag: number): Promise<SessionActionResponse> {
    return this.json('POST', `/sessions/${encodeURIComponent(sessionId)}/action`, {
      body: { start: { job_id: jobId, current_tag: currentTag } },
    });
  }

  endSession(
    sessionId: string,
    jobId: string,
    currentTag: number,
    result: string,
  ): Promise<SessionActionResponse> {
    return this.json('POST', `/sessions/${encodeURIComponent(sessionId)}/action`, {
      body: { end: { job_id: jobId, current_tag: currentTag, result } },
    });
  }

  // ---------------------------------------------------------------- backups
  async createBackup(metadata: Record<string, unknown>): Promise<string> {
    return (await this.json<{ backup_id: string }>('POST', '/backups', { body: metadata })).backup_id;
  }

  async listBackups(o: ListOptions = {}): Promise<BackupDoc[]> {
    return (await this.json<{ backups: BackupDoc[] }>('GET', '/backups', this.listQuery(o))).backups;
  }

  listAllBackups(search?: SearchFilter): Promise<BackupDoc[]> {
    return this.all((o) => this.listBackups(o), search);
  }

  getBackup(backupId: string): Promise<BackupDoc | null> {
    return this.getOne(`/backups/${encodeURIComponent(backupId)}`);
  }

  async deleteBackup(backupId: string): Promise<void> {
    await this.send('DELETE', `/backups/${encodeURIComponent(backupId)}`);
  }

  // ---------------------------------------------------------------- extensions for the dashboard
  /** Extension: the project's counters; null when the API has no metrics route (stock API). */
  async metricsSummary(staleAfterSec?: number): Promise<MetricsSummary | null> {
    const reply = await this.send<MetricsSummary>('GET', '/metrics/summary', {
      query: { stale_after: staleAfterSec },
      accept: [404],
    });
    return reply.status === 404 ? null : (reply.data ?? null);
  }

  /** Extension: per-UTC-day backups and runs of the last `days` days. */
  metricsTimeseries(days: number): Promise<MetricsTimeseries> {
    return this.json('GET', '/metrics/timeseries', { query: { days } });
  }

  /** Extension: the projects that hold data (plus `default`), or the user's projects with --auth. */
  async listProjects(): Promise<string[]> {
    return (await this.json<ProjectList>('GET', '/v2/projects', { root: true })).projects;
  }

  /** Extension: `GET /healthz` (a 503 is an ApiError: the database does not answer). */
  health(): Promise<Health> {
    return this.json('GET', '/healthz', { root: true });
  }

  // ---------------------------------------------------------------- login session and API tokens
  /** Who is logged in; null when the API has no auth routes (it runs without users). */
  async authSession(): Promise<SessionInfo | null> {
    const reply = await this.send<SessionInfo>('GET', '/auth/session', { root: true, accept: [404] });
    return reply.status === 404 ? null : (reply.data ?? null);
  }

  login(body: LoginBody): Promise<SessionInfo> {
    return this.json('POST', '/auth/login', { body, root: true });
  }

  async logout(): Promise<void> {
    await this.send('POST', '/auth/logout', { root: true });
  }

  async listTokens(): Promise<TokenDoc[]> {
    return (await this.json<{ tokens: TokenDoc[] }>('GET', '/auth/tokens', { root: true })).tokens;
  }

  createToken(body: TokenCreate): Promise<TokenCreated> {
    return this.json('POST', '/auth/tokens', { body, root: true });
  }

  async revokeToken(tokenId: string): Promise<void> {
    await this.send('DELETE', `/auth/tokens/${encodeURIComponent(tokenId)}`, { root: true });
  }

  // ---------------------------------------------------------------- file catalogs
  /** Streams a point's NDJSON catalog (header line + records) to its backup; replaces an earlier one. */
  uploadCatalog(backupId: string, ndjson: AsyncIterable<Uint8Array>): Promise<CatalogUploadResult> {
    return this.json('PUT', `/backups/${encodeURIComponent(backupId)}/catalog`, {
      stream: { contentType: 'application/x-ndjson', body: ndjson },
    });
  }

  /** A folder as it was at the backup's point, or why it cannot be listed (`reason`). */
  async listCatalog(
    backupId: string,
    q: Partial<CatalogListQuery> = {},
  ): Promise<CatalogListing | CatalogMissingBody> {
    const reply = await this.send<CatalogListing | CatalogMissingBody>(
      'GET',
      `/backups/${encodeURIComponent(backupId)}/catalog`,
      { query: { path: q.path, limit: q.limit, offset: q.offset, sort: q.sort }, accept: [404] },
    );
    if (reply.data === undefined) throw new ApiError(reply.status, 'empty reply', 'GET', 'catalog');
    return reply.data;
  }

  /** Files whose name (or path, with a "/") matches, across the project's points, with versions. */
  searchCatalog(q: string, o: { limit?: number; offset?: number } = {}): Promise<CatalogSearchResult> {
    return this.json('GET', '/catalog/search', { query: { q, limit: o.limit, offset: o.offset } });
  }

  /** Creates and starts a job restoring `paths` of the backup's point. */
  restoreSelection(backupId: string, req: CatalogRestoreRequest): Promise<CatalogRestoreResult> {
    return this.json('POST', `/backups/${encodeURIComponent(backupId)}/restore`, { body: req });
  }

  // ---------------------------------------------------------------- alerts (extension)
  async listAlertRules(): Promise<AlertRuleDoc[]> {
    return (await this.json<{ rules: AlertRuleDoc[] }>('GET', '/alerts/rules')).rules;
  }

  createAlertRule(rule: AlertRuleCreate): Promise<AlertRuleDoc> {
    return this.json('POST', '/alerts/rules', { body: rule });
  }

  patchAlertRule(ruleId: string, patch: AlertRulePatch): Promise<AlertRuleDoc> {
    return this.json('PATCH', `/alerts/rules/${encodeURIComponent(ruleId)}`, { body: patch });
  }

  async deleteAlertRule(ruleId: string): Promise<void> {
    await this.send('DELETE', `/alerts/rules/${encodeURIComponent(ruleId)}`);
  }

  /** Alerts firing now, newest first. */
  async firingAlerts(): Promise<AlertDoc[]> {
    return (await this.json<{ alerts: AlertDoc[] }>('GET', '/alerts/firing')).alerts;
  }

  /** Every alert, firing and resolved, newest first. */
  async alertHistory(o: ListOptions = {}): Promise<AlertDoc[]> {
    return (
      await this.json<{ alerts: AlertDoc[] }>('GET', '/alerts/history', {
        query: { limit: o.limit ?? PAGE, offset: o.offset ?? 0 },
      })
    ).alerts;
  }

  async alertDeliveries(alertId: string): Promise<AlertDeliveryDoc[]> {
    return (
      await this.json<{ deliveries: AlertDeliveryDoc[] }>(
        'GET',
        `/alerts/${encodeURIComponent(alertId)}/deliveries`,
      )
    ).deliveries;
  }
}
