import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import './auth/principal.js';
import './body-parsing.js';
import './metrics/request-metrics.js';

export interface LimitOptions {
  /** Requests per minute per caller (token, web user, or address when anonymous); 0 = off. */
  requestsPerMinute?: number;
  /** Largest body an authenticated caller may send, in bytes (below the server-wide limit). */
  callerBodyLimit?: number;
  /** Largest body an anonymous caller may send with auth on (login, /v3/auth/tokens). */
  anonymousBodyLimit?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token bucket: a full minute's allowance as burst, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {
    this.perSecond = perMinute / 60;
  }

  /** 0 when allowed (one token taken), else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.clear();
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
}

function callerKey(req: FastifyRequest): string {
  const p = req.principal;
  if (p?.tokenId) return `token:${p.tokenId}`;
  if (p) return `user:${p.userId}`;
  return `addr:${req.ip}`;
}

/** Per-caller rate limit and body-size limit; runs after the access-control hook set the caller. */
export function registerLimits(app: FastifyInstance, options: LimitOptions = {}): void {
  const perMinute = options.requestsPerMinute ?? 0;
  const limiter = perMinute > 0 ? new RateLimiter(perMinute) : undefined;
  const callerBody = options.callerBodyLimit;
  const anonymousBody = options.anonymousBodyLimit ?? 16 * 1024;

  app.addHook('onRequest', (req, reply, done) => {
    if (limiter && req.routeOptions.url !== undefined) {
      const wait = limiter.take(callerKey(req));
      if (wait > 0) {
        app.requestMetrics.counters.rateLimited++;
        reply.header('retry-after', String(wait));
        done(
          new ApiError(
            429,
            'Too Many Requests',
            `rate limit of ${perMinute} requests per minute exceeded for this ${req.principal?.tokenId ? 'token' : 'caller'}; retry in ${wait} s`,
          ),
        );
        return;
      }
    }
    const length = Number(req.headers['content-length'] ?? 0);
    const limit = req.principal ? callerBody : app.auth.enabled ? anonymousBody : undefined;
    // The body parser measures what is really read (a chunked body has no Content-Length).
    if (limit !== undefined) req.callerBodyLimit = limit;
    if (limit !== undefined && length > limit) {
      done(
        new ApiError(
          413,
          'Payload Too Large',
          `request body of ${length} bytes is larger than the ${limit} bytes allowed to this ${req.principal ? 'caller' : 'anonymous caller'}`,
        ),
      );
      return;
    }
    done();
  });
}
