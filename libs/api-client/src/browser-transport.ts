import type { Transport } from './transport.js';

export interface BrowserTransportOptions {
  /**
   * The login session's CSRF token (GET /auth/session and POST /auth/login hand it out). With
   * authentication on, the API refuses a write made with the session cookie unless it carries it.
   */
  csrfToken?: () => string | null;
  /** Cancels every request of this transport (react-query passes one per query). */
  signal?: AbortSignal;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The dashboard's transport: same-origin fetch with the session cookie, the CSRF header on writes.
 * An abort is rethrown as the AbortError it is, so a cancelled query is not shown as an outage.
 */
export function browserTransport(o: BrowserTransportOptions = {}): Transport {
  return async (req) => {
    const headers = { ...req.headers };
    // Streamed bodies (catalog uploads) come from nodes, never from the dashboard.
    if (req.body !== undefined && typeof req.body !== 'string') {
      throw new Error('the browser transport sends JSON text only, not streamed bodies');
    }
    const token = o.csrfToken?.();
    if (token && !SAFE.has(req.method)) headers['x-csrf-token'] = token;
    const res = await fetch(req.url, {
      method: req.method,
      headers,
      // fetch cannot send a GET body; the client also puts list searches in ?search=.
      body: SAFE.has(req.method) ? undefined : req.body,
      credentials: 'same-origin',
      signal: o.signal,
    });
    const text = await res.text();
    return { status: res.status, header: (n) => res.headers.get(n), text };
  };
}
