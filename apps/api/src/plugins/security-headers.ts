import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// The web UI is served from this origin only: its own scripts and styles (React sets inline style
// attributes, hence 'unsafe-inline' for styles only), API calls to itself, never framed.
const WEB_UI_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

const COMMON = {
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  // Browsers ignore HSTS received over plain HTTP, so it is safe on every reply.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
} as const;

type Headers = Record<string, string>;

/**
 * The headers helmet sets for a configuration, taken once at start: they do not depend on the
 * request (no nonces), and setting a ready map costs a fraction of running helmet's dozen
 * middlewares per reply (measured on the scheduler's poll). @fastify/helmet does the latter.
 */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Headers {
  const headers: Headers = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

const PERMISSIONS = { 'permissions-policy': 'camera=(), microphone=(), geolocation=()' };
// A JSON reply is no document: the headers that only steer how a browser treats a page (DNS
// prefetch, IE's download and XSS filters, Flash policies, agent clusters) are left to pages.
const API_ONLY_OFF = {
  contentSecurityPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  originAgentCluster: false,
  xXssProtection: false,
} as const;
/** What every API (non-page) reply carries. */
export const API_HEADERS: Readonly<Headers> = {
  ...helmetHeaders({ ...COMMON, ...API_ONLY_OFF }),
  ...PERMISSIONS,
};
const PAGE_HEADERS = { ...helmetHeaders({ ...COMMON, contentSecurityPolicy: WEB_UI_CSP }), ...PERMISSIONS };

/**
 * helmet's security headers on every reply; the web UI's CSP on its HTML pages (the API docs UI
 * at /docs brings its own inline scripts, so it gets none), plus Permissions-Policy (not helmet's).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const page = type.startsWith('text/html') && !req.url.startsWith('/docs');
    void reply.headers(page ? PAGE_HEADERS : API_HEADERS);
    done(null, payload);
  });
}
