import { issueToken, type KeystoneCredentials } from './auth.js';
import { ApiError, ApiUnreachableError, describeErrorBody } from './errors.js';
import { fetchTransport, type Transport } from './transport.js';
import type {
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
  BackupDoc,
  ClientDoc,
  ClientRegistration,
  JobDoc,
  JobEvent,
  JobSchedule,
  NewJob,
  RunRecord,
  SearchFilter,
  SessionActionResponse,
  SessionDoc,
} from './types.js';

export interface ApiClientOptions {
  /** API base, e.g. http://127.0.0.1:9090. Without it, the catalog's `backup` service is used. */
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
}

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  body?: unknown;
  /** A streamed body of this media type, sent as it is (no JSON encoding). */
  stream?: { contentType: string; body: AsyncIterable<Uint8Array> };
  query?: Query;
  /** Statuses that are an expected answer rather than an error (e.g. 404 on a GET of one object). */
  accept?: number[];
}

interface Reply<T> {
  status: number;
  data: T | undefined;
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
    if (!this.keystone && !this.apiUrl) throw new Error('an API URL or Keystone credentials are required');
  }

  /** Resolves token, API URL and project id (authenticating if needed). */
  async connect(): Promise<{ apiUrl: string; projectId: string }> {
    if ((!this.token || !this.apiUrl || !this.projectIdValue) && this.keystone) await this.authenticate();
    if (!this.apiUrl)
      throw new Error('no API URL: pass one or use a token whose catalog has a backup service');
    if (!this.projectIdValue) throw new Error('no project id: pass one or authenticate with a project scope');
    return { apiUrl: this.apiUrl, projectId: this.projectIdValue };
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
    const { apiUrl, projectId } = await this.connect();
    let url = `${apiUrl}/v2/${encodeURIComponent(projectId)}${path}`;
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
    return { status: res.status, data };
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
  async heartbeat(clientId: string, info: Omit<ClientRegistration, 'client_id'> = {}): Promise<boolean> {
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
  async patchJob(jobId: string, patch: Partial<JobDoc> & { job_schedule: JobSchedule }): Promise<void> {
    await this.send('PATCH', `/jobs/${encodeURIComponent(jobId)}`, { body: patch });
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.send('DELETE', `/jobs/${encodeURIComponent(jobId)}`);
  }

  async jobEvent(jobId: string, event: Exclude<JobEvent, '' | 'remove'>): Promise<string> {
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

  /** Extension: a job's runs, newest first (null when the API has no runs route). */
  async listRuns(jobId: string, o: ListOptions = {}): Promise<(RunRecord & { job_id: string })[] | null> {
    const reply = await this.send<{ runs: (RunRecord & { job_id: string })[] }>(
      'GET',
      `/jobs/${encodeURIComponent(jobId)}/runs`,
      { query: { limit: o.limit ?? PAGE, offset: o.offset ?? 0 }, accept: [404, 405] },
    );
    return reply.status < 300 ? (reply.data?.runs ?? []) : null;
  }

  // ---------------------------------------------------------------- actions
  async listActions(o: ListOptions = {}): Promise<ActionDoc[]> {
    return (await this.json<{ actions: ActionDoc[] }>('GET', '/actions', this.listQuery(o))).actions;
  }

  getAction(actionId: string): Promise<ActionDoc | null> {
    return this.getOne(`/actions/${encodeURIComponent(actionId)}`);
  }

  async createAction(action: Omit<ActionDoc, 'action_id'> & { action_id?: string }): Promise<string> {
    const path = action.action_id ? `/actions/${encodeURIComponent(action.action_id)}` : '/actions';
    return (await this.json<{ action_id: string }>('POST', path, { body: action })).action_id;
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

  async createSession(s: Partial<SessionDoc> & { schedule: JobSchedule }): Promise<string> {
    const path = s.session_id ? `/sessions/${encodeURIComponent(s.session_id)}` : '/sessions';
    return (await this.json<{ session_id: string }>('POST', path, { body: s })).session_id;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.send('DELETE', `/sessions/${encodeURIComponent(sessionId)}`);
  }

  async addJobToSession(sessionId: string, jobId: string): Promise<void> {
    await this.send('PUT', `/sessions/${encodeURIComponent(sessionId)}/jobs/${encodeURIComponent(jobId)}`);
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
}
