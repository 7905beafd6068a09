import type { Transport } from '@freezer/api-client';

/** Client-side latency of every request of a simulated fleet, grouped by request kind. */
export class RequestLatency {
  readonly samples = new Map<string, number[]>();
  /** Requests that got no HTTP answer at all (connection refused or reset). */
  transportErrors = 0;
  /** All latencies by phase of the run (e.g. before and after a replica was killed). */
  readonly phases = new Map<string, number[]>();
  phase = 'run';

  static kindOf(method: string, url: string): string {
    const path = new URL(url).pathname.replace(/^\/v2\/[^/]+/, '');
    if (path.endsWith('/heartbeat')) return 'POST heartbeat';
    if (path.endsWith('/runs')) return `${method} runs`;
    if (path.startsWith('/jobs/')) return `${method} job`;
    return `${method} ${path.split('/')[1] ?? ''}`;
  }

  wrap(inner: Transport): Transport {
    return async (req) => {
      const t = performance.now();
      let res;
      try {
        res = await inner(req);
      } catch (err) {
        this.transportErrors++;
        throw err;
      }
      const kind = RequestLatency.kindOf(req.method, req.url);
      let list = this.samples.get(kind);
      if (!list) this.samples.set(kind, (list = []));
      const ms = performance.now() - t;
      list.push(ms);
      let inPhase = this.phases.get(this.phase);
      if (!inPhase) this.phases.set(this.phase, (inPhase = []));
      inPhase.push(ms);
      return res;
    };
  }

  all(): number[] {
    return [...this.samples.values()].flat().sort((a, b) => a - b);
  }

  /** A markdown table: count, rate and percentiles per request kind, busiest first. */
  table(wallSeconds: number): string {
    const rows = [
      '| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|---|',
    ];
    const line = (kind: string, s: number[]) =>
      `| ${kind} | ${s.length} | ${(s.length / wallSeconds).toFixed(1)} | ${pct(s, 50).toFixed(1)} | ${pct(s, 95).toFixed(1)} | ${pct(s, 99).toFixed(1)} | ${(s.at(-1) ?? 0).toFixed(1)} |`;
    for (const [kind, list] of [...this.samples.entries()].sort((a, b) => b[1].length - a[1].length)) {
      rows.push(
        line(
          kind,
          [...list].sort((a, b) => a - b),
        ),
      );
    }
    rows.push(line('**all**', this.all()));
    return rows.join('\n');
  }
}

/** The p-th percentile of an ascending list. */
export const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
