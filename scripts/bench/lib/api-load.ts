import autocannon, { type Request } from 'autocannon';
import { cpuSeconds } from './process-cpu.js';
import { backupBody, clientIdOf } from './api-seed.js';

export interface LoadResult {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx replies plus socket errors and timeouts: must be 0 for the figures to count. */
  failures: number;
  /** CPU of the measured server process during the run, in % of one core. */
  serverCpuPct?: number;
  /**
   * Server CPU milliseconds per request: the figure that does not depend on how much of the
   * shared cores the server got, so it compares runs taken under different machine load.
   */
  cpuMsPerReq?: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  /** Server process to sample from /proc (the stock one is measured the same way). */
  serverPid?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The stock scheduler's poll: its own jobs that are not completed, first page; X rotates. */
export function pollSequence(
  prefix: string,
  clients: number,
): () => { method: string; path: string; body: string } {
  let n = 0;
  return () => ({
    method: 'GET',
    path: `${prefix}/jobs/?limit=10&offset=0`,
    body: JSON.stringify({
      match: [{ client_id: clientIdOf(n++ % clients) }],
      match_not: [{ status: 'completed' }],
    }),
  });
}

export function pollRequest(prefix: string, clients: number): Request {
  const next = pollSequence(prefix, clients);
  return {
    method: 'GET',
    path: `${prefix}/jobs/?limit=10&offset=0`,
    // python-requests (the stock scheduler) always offers gzip: the poll must stay uncompressed.
    headers: { ...JSON_HEADERS, 'accept-encoding': 'gzip, deflate' },
    setupRequest: (req) => ({ ...req, body: next().body }),
  };
}

/**
 * `{"start": null}` across every job, then `{"stop": null}` on the next pass and so on, so every
 * request changes the job (a repeated start would be a read-only "already requested").
 */
export function eventRequest(prefix: string, jobIds: string[]): Request {
  let n = 0;
  return {
    method: 'POST',
    headers: JSON_HEADERS,
    setupRequest: (req) => {
      const i = n++;
      const event = Math.floor(i / jobIds.length) % 2 === 0 ? 'start' : 'stop';
      return {
        ...req,
        path: `${prefix}/jobs/${jobIds[i % jobIds.length]}/event`,
        body: JSON.stringify({ [event]: null }),
      };
    },
  };
}

/** A new backup record per request (unique backup_uuid, so each one is an insert). */
export function backupRequest(prefix: string): Request {
  let n = 0;
  return {
    method: 'POST',
    path: `${prefix}/backups`,
    headers: JSON_HEADERS,
    setupRequest: (req) => ({ ...req, body: JSON.stringify(backupBody(n++)) }),
  };
}

export async function runLoad(name: string, request: Request, opts: LoadOptions): Promise<LoadResult> {
  const cpu0 = opts.serverPid ? cpuSeconds(opts.serverPid) : 0;
  const t0 = process.hrtime.bigint();
  const r = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 30,
    requests: [request],
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = opts.serverPid ? cpuSeconds(opts.serverPid) - cpu0 : undefined;
  return {
    name,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    failures: r.non2xx + r.errors + r.timeouts,
    serverCpuPct: cpu === undefined ? undefined : (100 * cpu) / wall,
    cpuMsPerReq: cpu === undefined || r.requests.total === 0 ? undefined : (1000 * cpu) / r.requests.total,
  };
}
