import type { FastifyInstance } from 'fastify';
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

// Built once: @fastify/helmet builds helmet's middleware again on every request (a measurable
// cost on the scheduler's poll), so helmet itself is called from one hook.
const apiHeaders = helmet({ ...COMMON, contentSecurityPolicy: false });
const pageHeaders = helmet({ ...COMMON, contentSecurityPolicy: WEB_UI_CSP });

/**
 * helmet's security headers on every reply; the web UI's CSP on its HTML pages (the API docs UI
 * at /docs brings its own inline scripts, so it gets none). Permissions-Policy is not helmet's.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const page = type.startsWith('text/html') && !req.url.startsWith('/docs');
    (page ? pageHeaders : apiHeaders)(req.raw, reply.raw, () => undefined);
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    done(null, payload);
  });
}
