import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { atLeast, forbidden, resolvePrincipal, roleIn, unauthorized } from './principal.js';
import { KeystoneSessions } from './keystone-sessions.js';
import { checkSchedulerRoute, checkSchedulerTarget } from './scheduler-policy.js';
import { type AuthOptions, authSettings } from './settings.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const V2_PREFIX = '/v2/:project_id';

/** Routes that answer anonymous callers but use the principal when there is one. */
const OPTIONAL_AUTH = new Set(['/auth/session', '/auth/logout', '/healthz']);
const ANONYMOUS = new Set(['/auth/login']);
const ADMIN_ONLY = [/^\/auth\/users/, /^\/metrics$/];

/** The project a route acts on and the route without its project prefix; undefined if none. */
export function projectRoute(req: FastifyRequest): { project: string; suffix: string } | undefined {
  const url = req.routeOptions.url ?? '';
  if (url.startsWith(`${V2_PREFIX}/`)) {
    return {
      project: (req.params as { project_id: string }).project_id,
      suffix: url.slice(V2_PREFIX.length),
    };
  }
  if (url.startsWith('/v1/')) return { project: 'default', suffix: url.slice(3) };
  return undefined;
}

/** Compares in constant time, so the CSRF token cannot be guessed byte by byte from timings. */
function sameSecret(given: string | string[] | undefined, expected: string | undefined): boolean {
  if (typeof given !== 'string' || expected === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isProtected(method: string, url: string): boolean {
  if (ANONYMOUS.has(url) || OPTIONAL_AUTH.has(url)) return false;
  if (url === '/v3/auth/tokens') return method === 'GET';
  return url.startsWith('/v1/') || url.startsWith('/v2/') || url.startsWith('/auth/') || url === '/metrics';
}

/**
 * Authentication and tenant isolation, as hooks before any handler runs: who is calling
 * (X-Auth-Token, or the session cookie + X-CSRF-Token for writes), whether they have a role in the
 * addressed project, whether that role may write, and the narrower rules of scheduler tokens.
 */
export function registerAccessControl(app: FastifyInstance, options: AuthOptions | undefined): void {
  app.decorate('auth', authSettings(options));
  app.decorate('keystoneSessions', new KeystoneSessions());
  if (!app.auth.enabled) return;

  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // unknown path: the not-found handler answers, no data
    if (OPTIONAL_AUTH.has(url)) {
      req.principal = await resolvePrincipal(app, req).catch(() => undefined);
      return;
    }
    if (!isProtected(req.method, url)) return;

    const principal = await resolvePrincipal(app, req);
    if (!principal) {
      throw unauthorized('log in (POST /auth/login) or send an X-Auth-Token header');
    }
    req.principal = principal;

    if (principal.via === 'session' && !SAFE_METHODS.has(req.method)) {
      if (!sameSecret(req.headers['x-csrf-token'], principal.csrfToken)) {
        throw forbidden('missing or wrong X-CSRF-Token header (its value comes from GET /auth/session)');
      }
    }

    const target = projectRoute(req);
    if (target) {
      const role = roleIn(principal, target.project);
      if (!role) throw forbidden(`you have no role in project ${target.project}`);
      if (!SAFE_METHODS.has(req.method) && !atLeast(role, 'member')) {
        throw forbidden(`your role in project ${target.project} is ${role}: read only`);
      }
      if (principal.clientId !== null) checkSchedulerRoute(principal, req.method, target.suffix);
      return;
    }
    if (principal.clientId !== null && url !== '/v2/projects') {
      throw forbidden(`this token is limited to client ${principal.clientId}'s jobs and results`);
    }
    if (ADMIN_ONLY.some((re) => re.test(url)) && !principal.isAdmin) {
      throw forbidden('this needs a global administrator');
    }
  });

  app.addHook('preHandler', async (req) => {
    const p = req.principal;
    if (p?.clientId && projectRoute(req)) await checkSchedulerTarget(p, req, app.store);
  });
}
