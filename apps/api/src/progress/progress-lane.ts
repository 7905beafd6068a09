import { PROGRESS_INTERVAL_HEADER, type ProgressEvent } from '@freezer/schema';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { JSON_CONTENT_TYPE } from '../plugins/body-parsing.js';
import { plainLoopbackRequest } from '../plugins/loopback-guard.js';
import { V1_PROJECT, noAuthScope } from '../plugins/scope.js';
import { API_HEADERS } from '../plugins/security-headers.js';
import { readProgressEvent } from './progress-event.js';

/** Answers a request itself (true) or leaves it, untouched and unread, to Fastify (false). */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ProgressLane {
  handle: Lane;
  /** Posts answered 204 by the lane itself (not handed to Fastify). */
  readonly answered: number;
  /** The server is closing: from now on Fastify answers everything (with its 503). */
  stop(): void;
}

/** An event is ~300 bytes; a body much bigger is no ordinary post and takes the full path. */
const MAX_LANE_BODY = 4096;
const V2_PATH = /^\/v2\/([\w.~-]{1,255})\/jobs\/([\w-]{1,255})\/progress$/;
const V1_PATH = /^\/v1\/jobs\/([\w-]{1,255})\/progress$/;
const V2_ROUTE = '/v2/:project_id/jobs/:job_id/progress';
const V1_ROUTE = '/v1/jobs/:job_id/progress';
// Framing of inject()'s own simulated connection: this connection's framing is Node's to write.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/**
 * The nodes' progress posts without the framework: 1,000 nodes posting every 2 s are 500 requests a
 * second, each worth a map update, and Fastify's per-request work (hooks, request and reply objects,
 * a child logger, a promise chain) made a post cost 1.7× the bare HTTP exchange (docs/benchmarks.md,
 * Live progress). Only a request that is sure to be taken goes this way: no-auth mode without rate limits
 * or debug logging (decided by the caller), a loopback Host and no browser origin headers, a
 * plain `/v2/{project}/jobs/{id}/progress` path, a JSON body of known small length, a valid event
 * and a known job. Everything else — and every failure found after the body was read — is answered
 * by the full Fastify path (`inject`, with the same method, URL, headers and body), so refusals,
 * error bodies, logs and metrics are those of the route itself.
 */
export function progressLane(app: FastifyInstance, allowedHosts: string[]): ProgressLane {
  const plain = plainLoopbackRequest({ allowedHosts });
  let open = true;
  let answered = 0;

  const fullPath = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const reply = await app.inject({
      method: 'POST',
      url: req.url ?? '/',
      headers: req.headers as Record<string, string>,
      payload: body,
    });
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    res.writeHead(reply.statusCode, headers);
    res.end(reply.rawPayload);
  };

  const take = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    target: { project: string; jobId: string; route: string },
    started: number,
  ): Promise<void> => {
    const { project, jobId } = target;
    const event = parseEvent(body);
    const known =
      event !== undefined &&
      (app.progressHub.knows(project, jobId) ||
        (await app.store.jobs.get(noAuthScope(project, req.headers['x-user-id']), jobId)) !== undefined);
    if (!event || !known) {
      await fullPath(req, res, body);
      return;
    }
    app.progressFeed.publish(project, { ...event, job_id: jobId, received_at: Date.now() });
    res.writeHead(204, {
      'x-openstack-request-id': `req-${randomUUID()}`,
      ...API_HEADERS,
      [PROGRESS_INTERVAL_HEADER]: String(app.progressPacing.intervalFor(project)),
    });
    res.end();
    answered++;
    app.requestMetrics.observe('POST', target.route, 204, (performance.now() - started) / 1000);
  };

  const handle: Lane = (req, res) => {
    if (!open || req.method !== 'POST' || !plain(req.headers) || !plainBody(req.headers)) return false;
    const url = req.url ?? '';
    const v2 = V2_PATH.exec(url);
    const v1 = v2 ? null : V1_PATH.exec(url);
    if (!v2 && !v1) return false;
    const target = v2
      ? { project: v2[1] as string, jobId: v2[2] as string, route: V2_ROUTE }
      : { project: V1_PROJECT, jobId: v1?.[1] as string, route: V1_ROUTE };
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      take(req, res, body, target, started).catch((err: unknown) => {
        // Only the store or inject() can throw here: answer as the error handler would, without internals.
        app.log.error({ err }, 'progress post failed');
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', ...API_HEADERS });
        }
        res.end(
          JSON.stringify({
            title: 'Internal Server Error',
            description: 'the server failed to handle this request; see its log',
          }),
        );
      });
    });
    return true;
  };

  return {
    handle,
    get answered() {
      return answered;
    },
    stop: () => {
      open = false;
    },
  };
}

/** A JSON body of a stated length the lane reads whole (no chunked or encoded body). */
function plainBody(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  const length = headers['content-length'];
  return (
    type !== undefined &&
    JSON_CONTENT_TYPE.test(type) &&
    length !== undefined &&
    /^\d{1,4}$/.test(length) &&
    Number(length) > 0 &&
    Number(length) <= MAX_LANE_BODY &&
    headers['transfer-encoding'] === undefined &&
    headers['content-encoding'] === undefined
  );
}

/** The event, or undefined for anything the route would refuse (it then says why). */
function parseEvent(body: Buffer): ProgressEvent | undefined {
  return readProgressEvent(body).event;
}
