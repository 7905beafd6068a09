import type { FastifyRequest } from 'fastify';
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

/** Checks on the addressed job/client and the body (run after validation). */
export async function checkSchedulerTarget(p: Principal, req: FastifyRequest, store: Store): Promise<void> {
  const params = req.params as { job_id?: string; client_id?: string; backup_id?: string };
  const body = req.body as { client_id?: unknown } | undefined;
  if (params.client_id !== undefined && params.client_id !== p.clientId) {
    throw forbidden(`this token is limited to client ${p.clientId}`);
  }
  if (req.method === 'POST' && req.routeOptions.url?.endsWith('/clients') && body?.client_id !== p.clientId) {
    throw forbidden(`this token may only register client ${p.clientId}`);
  }
  if (params.backup_id !== undefined) {
    // Only the catalog upload takes a backup id here: of a backup one of this client's jobs made.
    const backup = await store.backups.get(scopeOf(req), params.backup_id);
    const jobId = backup?.backup_metadata.job_id;
    const job = jobId ? await store.jobs.get(scopeOf(req), jobId) : undefined;
    if (!job || job.doc.client_id !== p.clientId)
      throw notFound(`Backup not found with ID ${params.backup_id}`);
  }
  if (params.job_id !== undefined) {
    const job = await store.jobs.get(scopeOf(req), params.job_id);
    // Another client's job is reported as missing: its existence is none of this token's business.
    if (!job || job.doc.client_id !== p.clientId) throw notFound(`Job not found with ID ${params.job_id}`);
    if (req.method === 'PATCH' && body?.client_id !== undefined && body.client_id !== p.clientId) {
      throw forbidden(`this token may not move a job to another client`);
    }
  }
}
