import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

export interface LoopbackGuardOptions {
  /** Extra names or addresses that may appear in `Host` and `Origin` (operators who bind elsewhere). */
  allowedHosts?: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|::1)$/i;

/** `host[:port]` without the port (IPv6 literals keep their brackets). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

function hostNameCheck(extra: Set<string>): (name: string) => boolean {
  return (name) => LOOPBACK_HOST.test(name) || extra.has(name);
}

/**
 * Whether a request passes this guard without a doubt: an allowed `Host` (or none) and no browser
 * header that asks for the origin check. Callers that answer requests outside the hooks (the
 * progress lane) take only these and leave every other one to the guard itself.
 */
export function plainLoopbackRequest(
  options: LoopbackGuardOptions,
): (headers: { host?: string; origin?: string; 'sec-fetch-site'?: string | string[] }) => boolean {
  const allowedName = hostNameCheck(new Set((options.allowedHosts ?? []).map((h) => hostnameOf(h))));
  return (headers) =>
    headers.origin === undefined &&
    headers['sec-fetch-site'] === undefined &&
    (headers.host === undefined || allowedName(hostnameOf(headers.host.toLowerCase())));
}

const refused = (why: string) => new ApiError(403, 'Forbidden', why);

/**
 * Without authentication anyone who can reach the API controls it, so it must only be reachable from
 * this machine's own programs — not from web pages the operator happens to open:
 * - `Host` must be a loopback name or address (or one allowed explicitly): a DNS-rebound page
 *   sends its own name and is refused, so it can read nothing;
 * - state-changing requests must come from this origin (`Origin` equal to `Host`, or absent and no
 *   cross-site `Sec-Fetch-Site`), so a foreign page cannot submit a form or a no-CORS fetch.
 * Non-browser clients (stock CLI, schedulers) send neither `Origin` nor `Sec-Fetch-Site`.
 */
export function registerLoopbackGuard(app: FastifyInstance, options: LoopbackGuardOptions = {}): void {
  const extra = new Set((options.allowedHosts ?? []).map((h) => hostnameOf(h)));
  const allowedName = hostNameCheck(extra);

  const checkOrigin = (req: FastifyRequest, host: string | undefined) => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        originHost = undefined;
      }
      if (originHost !== undefined && (originHost === host || extra.has(hostnameOf(originHost)))) return;
      throw refused(
        `cross-origin ${req.method} from ${origin} refused: without authentication this API takes changes only from its own pages and from non-browser clients`,
      );
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      throw refused(
        `${site} ${req.method} refused: without authentication this API takes changes only from its own pages and from non-browser clients`,
      );
    }
  };

  app.addHook('onRequest', (req, _reply, done) => {
    const host = req.headers.host?.toLowerCase();
    if (host !== undefined && !allowedName(hostnameOf(host))) {
      done(
        refused(
          `Host ${host} refused: without authentication this API answers only to loopback names (localhost, 127.0.0.1, [::1]); add other names with --allowed-hosts`,
        ),
      );
      return;
    }
    if (!SAFE_METHODS.has(req.method)) {
      try {
        checkOrigin(req, host);
      } catch (err) {
        done(err as Error);
        return;
      }
    }
    done();
  });
}
