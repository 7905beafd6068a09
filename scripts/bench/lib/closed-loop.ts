import { request } from 'node:http';
import { cpuSeconds } from './process-cpu.js';
import type { LoadResult } from './api-load.js';

export interface PlainRequest {
  method: string;
  path: string;
  body?: string;
}

function once(base: URL, req: PlainRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        // A fresh connection per request: the stock server (paste, HTTP/1.0) closes every
        // connection after its reply, which keep-alive load generators count as errors.
        agent: false,
        headers: {
          connection: 'close',
          'content-type': 'application/json',
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('timeout after 30 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Closed-loop load: `connections` workers, each sending its next request as soon as the previous
 * one is answered, for `duration` seconds. Used where both servers must see the same client.
 */
export async function closedLoop(
  name: string,
  next: () => PlainRequest,
  opts: { url: string; connections: number; duration: number; serverPid?: number },
): Promise<LoadResult> {
  const base = new URL(opts.url);
  const latencies: number[] = [];
  let failures = 0;
  const cpu0 = opts.serverPid ? cpuSeconds(opts.serverPid) : 0;
  const t0 = performance.now();
  const end = t0 + opts.duration * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        const status = await once(base, next());
        if (status >= 200 && status < 300) latencies.push(performance.now() - start);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const wall = (performance.now() - t0) / 1000;
  const cpu = opts.serverPid ? cpuSeconds(opts.serverPid) - cpu0 : undefined;
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    name,
    reqPerSec: latencies.length / wall,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    requests: latencies.length,
    failures,
    serverCpuPct: cpu === undefined ? undefined : (100 * cpu) / wall,
    cpuMsPerReq: cpu === undefined || latencies.length === 0 ? undefined : (1000 * cpu) / latencies.length,
  };
}
