import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Seconds; covers a cached list (~1 ms) up to a slow PostgreSQL write under load.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the schedulers do, by route pattern (`/v1/...` is the same route for project "default"). */
const SCHEDULER_ROUTES: Record<string, 'poll' | 'heartbeat' | 'result' | 'progress'> = {
  'GET /jobs': 'poll',
  'POST /clients/:client_id/heartbeat': 'heartbeat',
  'POST /jobs/:job_id/event': 'result',
  'POST /jobs/:job_id/runs': 'result',
  'POST /backups': 'result',
  'POST /jobs/:job_id/progress': 'progress',
};

function schedulerKind(
  method: string,
  route: string,
): 'poll' | 'heartbeat' | 'result' | 'progress' | undefined {
  const local = route.startsWith('/v2/:project_id/')
    ? route.slice(15)
    : route.startsWith('/v1/')
      ? route.slice(3)
      : route;
  return SCHEDULER_ROUTES[`${method} ${local}`];
}

type Observe = (status: number, seconds: number) => void;

/**
 * prom-client registry of one API process (each replica is scraped on its own): request counts and
 * latency histograms, the standard process and Node runtime metrics, and the scheduler-facing counts.
 */
export class RequestMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'freezer_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'freezer_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly scheduler = new Counter({
    name: 'freezer_scheduler_requests_total',
    help: 'Scheduler-facing requests answered 2xx: job polls, heartbeats, results (events, runs, backups)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly loginFailures = new Counter({
    name: 'freezer_login_failures_total',
    help: 'Failed logins (web and /v3)',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'freezer_rate_limited_total',
    help: 'Requests refused by the per-caller rate limit',
    registers: [this.registry],
  });
  // prom-client hashes the label values on every call; one bound child per route keeps the hot
  // path (the scheduler's poll) at a map lookup, as cheap as the hand-written counters were.
  private readonly byRoute = new Map<string, Observe>();

  constructor() {
    this.loginFailures.inc(0);
    this.rateLimited.inc(0);
    collectDefaultMetrics({ register: this.registry });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let fn = this.byRoute.get(key);
    if (!fn) fn = this.bind(method, route);
    fn(status, seconds);
  }

  private bind(method: string, route: string): Observe {
    const timer = this.latency.labels(method, route);
    const byStatus = new Map<number, Counter.Internal>();
    const kind = schedulerKind(method, route);
    const scheduled = kind ? this.scheduler.labels(kind) : undefined;
    const fn: Observe = (status, seconds) => {
      let c = byStatus.get(status);
      if (!c) {
        c = this.requests.labels(method, route, String(status));
        byStatus.set(status, c);
      }
      c.inc();
      timer.observe(seconds);
      if (scheduled && status < 300) scheduled.inc();
    };
    if (this.byRoute.size < 10_000) this.byRoute.set(`${method} ${route}`, fn);
    return fn;
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
