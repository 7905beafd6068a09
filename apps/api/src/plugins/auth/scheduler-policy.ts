import type { FastifyRequest } from 'fastify';
import type { JobDoc } from '@freezer/schema';
import type { Store } from '@freezer/store';
import { scopeOf } from '../scope.js';
import { ApiError } from '../api-error.js';
import { type Principal, forbidden } from './principal.js';

/**
 * What a scheduler token (one bound to a client) may do inside its project: read that client's
 * jobs, report on them (status PATCH, events, runs, backups), register and heartbeat itself, and
 * take part in sessions. Keys are "METHOD route-suffix" (the route without /v2/:project_id or /v1).
 */
const ALLOWED = new Set([
  'GET /jobs',
  'GET /jobs/:job_id',
  'PATCH /jobs/:job_id',
  'POST /jobs/:job_id/event',
  'GET /jobs/:job_id/runs',
  'POST /jobs/:job_id/runs',
  'POST /jobs/:job_id/progress',
  'GET /clients',
  'POST /clients',
  'GET /clients/:client_id',
  'POST /clients/:client_id/heartbeat',
  'POST /backups',
  'PUT /backups/:backup_id/catalog',
  'GET /sessions/:session_id',
  'POST /sessions/:session_id/action',
]);

const notFound = (what: string) => new ApiError(404, 'Not Found', what);

/** Checks that need only the route (run before the body is read). */
export function checkSchedulerRoute(p: Principal, method: string, suffix: string): void {
  const key = `${method === 'HEAD' ? 'GET' : method} ${suffix}`;
  if (!ALLOWED.has(key)) {
    throw forbidden(
      `this token is limited to client ${p.clientId}'s jobs and results; ${method} ${suffix} is not allowed`,
    );
  }
}

async function ownJob(store: Store, req: FastifyRequest, p: Principal, jobId: string) {
  const job = await store.jobs.get(scopeOf(req), jobId);
  // Another client's job is reported as missing: its existence is none of this token's business.
  if (!job || job.doc.client_id !== p.clientId) throw notFound(`Job not found with ID ${jobId}`);
  return job.doc;
}

/** Host names a client's backups may carry: its registered host, its id's host, its jobs' hosts. */
async function clientHosts(store: Store, req: FastifyRequest, clientId: string, job?: JobDoc) {
  const hosts = new Set<string>([clientId, clientId.slice(clientId.indexOf('_') + 1)]);
  const client = await store.clients.get(scopeOf(req), clientId);
  if (client?.client.hostname) hosts.add(client.client.hostname);
  for (const a of job?.job_actions ?? []) {
    const h = (a.freezer_action as { hostname?: unknown } | undefined)?.hostname;
    if (typeof h === 'string' && h !== '') hosts.add(h);
  }
  return hosts;
}

/** Checks on the addressed job/client/session entry/backup and the body (run after validation). */
export async function checkSchedulerTarget(p: Principal, req: FastifyRequest, store: Store): Promise<void> {
  const clientId = p.clientId as string;
  const params = req.params as { job_id?: string; client_id?: string; backup_id?: string };
  const body = req.body as Record<string, unknown> | undefined;
  const suffix = req.routeOptions.url?.replace(/^\/v2\/:project_id|^\/v1/, '');
  if (params.client_id !== undefined && params.client_id !== clientId) {
    throw forbidden(`this token is limited to client ${clientId}`);
  }
  if (req.method === 'POST' && suffix === '/clients' && body?.client_id !== clientId) {
    throw forbidden(`this token may only register client ${clientId}`);
  }
  if (params.backup_id !== undefined) {
    // Only the catalog upload takes a backup id here: of a backup one of this client's jobs made.
    const backup = await store.backups.get(scopeOf(req), params.backup_id);
    const jobId = backup?.backup_metadata.job_id;
    const job = jobId ? await store.jobs.get(scopeOf(req), jobId) : undefined;
    if (!job || job.doc.client_id !== clientId)
      throw notFound(`Backup not found with ID ${params.backup_id}`);
  }
  if (params.job_id !== undefined) {
    await ownJob(store, req, p, params.job_id);
    if (req.method === 'PATCH' && body?.client_id !== undefined && body.client_id !== clientId) {
      throw forbidden(`this token may not move a job to another client`);
    }
  }
  if (suffix === '/sessions/:session_id/action') {
    // A session names jobs of several clients; each client starts and ends only its own entry.
    const entry = (body?.start ?? body?.end) as { job_id?: unknown } | undefined;
    if (typeof entry?.job_id === 'string') await ownJob(store, req, p, entry.job_id);
  }
  if (req.method === 'POST' && suffix === '/backups') {
    // The stock agent writes "" for unset keys: no job named, only the host is checked.
    const named = body?.job_id !== undefined && body.job_id !== null && body.job_id !== '';
    const job =
      typeof body?.job_id === 'string' && named ? await ownJob(store, req, p, body.job_id) : undefined;
    if (named && job === undefined) {
      throw forbidden(`this token may only post backups of client ${clientId}'s jobs`);
    }
    const host = body?.hostname;
    if (typeof host === 'string' && !(await clientHosts(store, req, clientId, job)).has(host)) {
      throw forbidden(`this token may only post backups of client ${clientId}'s host, not ${host}`);
    }
  }
}
