import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { LoginThrottle } from './auth/login-throttle.js';
import './auth/principal.js';
import './body-parsing.js';
import './metrics/request-metrics.js';
import { sharedRateStore } from './shared-rate-store.js';

export interface LimitOptions {
  /** Requests per minute per caller (token, web user, or address when anonymous); 0 = off. */
  requestsPerMinute?: number;
  /** Largest body an authenticated caller may send, in bytes (below the server-wide limit). */
  callerBodyLimit?: number;
  /** Largest body an anonymous caller may send with auth on (login, /v3/auth/tokens). */
  anonymousBodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    loginThrottle: LoginThrottle;
  }
}

function callerKey(req: FastifyRequest): string {
  const p = req.principal;
  if (p?.tokenId) return `token:${p.tokenId}`;
  if (p) return `user:${p.userId}`;
  return `addr:${req.ip}`;
}

/**
 * Per-caller rate limit (@fastify/rate-limit; its route hooks run after the access-control hook
 * set the caller), the login throttle and the per-caller body-size limit. With PostgreSQL the
 * counters live in the shared database; SQLite means one process, so the plugin's memory store.
 */
export async function registerLimits(app: FastifyInstance, options: LimitOptions = {}): Promise<void> {
  app.decorate('loginThrottle', new LoginThrottle(app.store));
  const perMinute = options.requestsPerMinute ?? 0;
  if (perMinute > 0) {
    await app.register(rateLimit, {
      max: perMinute,
      timeWindow: 60_000,
      cache: 100_000,
      keyGenerator: callerKey,
      ...(app.store.dialect === 'postgres' ? { store: sharedRateStore(app.store) } : {}),
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      addHeaders: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
        'retry-after': true,
      },
      onExceeded: () => app.requestMetrics.rateLimited.inc(),
      errorResponseBuilder: (req, ctx) =>
        new ApiError(
          429,
          'Too Many Requests',
          `rate limit of ${perMinute} requests per minute exceeded for this ${req.principal?.tokenId ? 'token' : 'caller'}; retry in ${Math.max(1, Math.ceil(ctx.ttl / 1000))} s`,
        ),
    });
  }

  const callerBody = options.callerBodyLimit;
  const anonymousBody = options.anonymousBodyLimit ?? 16 * 1024;
  app.addHook('onRequest', (req, reply, done) => {
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
