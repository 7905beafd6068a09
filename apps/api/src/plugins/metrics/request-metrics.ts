import type { FastifyInstance } from 'fastify';
import { type Exposition, type Labels, labelText } from './exposition.js';

// Seconds; covers a cached list (~1 ms) up to a slow PostgreSQL write under load.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

/** Per-process request counters and latency histograms (each replica is scraped on its own). */
export class RequestMetrics {
  private readonly requests = new Map<string, { labels: Labels; n: number }>();
  private readonly latency = new Map<string, Histogram>();
  readonly counters = { loginFailures: 0, rateLimited: 0 };

  observe(method: string, route: string, status: number, seconds: number): void {
    const reqLabels = { method, route, status: String(status) };
    const reqKey = labelText(reqLabels);
    const r = this.requests.get(reqKey);
    if (r) r.n++;
    else this.requests.set(reqKey, { labels: reqLabels, n: 1 });

    const latLabels = { method, route };
    const latKey = labelText(latLabels);
    let h = this.latency.get(latKey);
    if (!h) {
      h = { labels: latLabels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(latKey, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) (h.counts[i] as number)++;
    h.sum += seconds;
    h.count++;
  }

  write(out: Exposition): void {
    out.family('freezer_http_requests_total', 'counter', 'HTTP requests by method, route and status');
    for (const { labels, n } of this.requests.values()) out.sample('freezer_http_requests_total', labels, n);
    out.family('freezer_http_request_duration_seconds', 'histogram', 'HTTP request latency by route');
    for (const h of this.latency.values()) {
      BUCKETS.forEach((le, i) =>
        out.sample(
          'freezer_http_request_duration_seconds_bucket',
          { ...h.labels, le: String(le) },
          h.counts[i] ?? 0,
        ),
      );
      out.sample('freezer_http_request_duration_seconds_bucket', { ...h.labels, le: '+Inf' }, h.count);
      out.sample('freezer_http_request_duration_seconds_sum', h.labels, h.sum);
      out.sample('freezer_http_request_duration_seconds_count', h.labels, h.count);
    }
    out.family('freezer_login_failures_total', 'counter', 'Failed logins (web and /v3)');
    out.sample('freezer_login_failures_total', {}, this.counters.loginFailures);
    out.family('freezer_rate_limited_total', 'counter', 'Requests refused by the per-token rate limit');
    out.sample('freezer_rate_limited_total', {}, this.counters.rateLimited);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    requestMetrics: RequestMetrics;
  }
}

/** Records every reply; the route label is the route pattern (bounded), never the raw URL. */
export function registerRequestMetrics(app: FastifyInstance): void {
  app.decorate('requestMetrics', new RequestMetrics());
  app.addHook('onResponse', (req, reply, done) => {
    app.requestMetrics.observe(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
