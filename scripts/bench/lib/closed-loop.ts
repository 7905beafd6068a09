import { cpuSeconds } from './process-cpu.js';
import type { LoadResult } from './api-load.js';
import { pct as percentile } from './request-latency.js';
import { timedRequest, type PlainRequest } from './timed-request.js';

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
        const { status } = await timedRequest(false, base, next());
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
