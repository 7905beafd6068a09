/** An API failure turned into the {"title","description"} shape the API uses, so pages show one line. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly description: string,
  ) {
    super(description ? `${title}: ${description}` : title);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

function errorFromBody(status: number, statusText: string, text: string): ApiError {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const rec = parsed as Record<string, unknown>;
      const title = typeof rec.title === 'string' ? rec.title : `HTTP ${status}`;
      const description = typeof rec.description === 'string' ? rec.description : '';
      return new ApiError(status, title, description);
    }
  } catch {
    // not JSON: fall through to the status line
  }
  const title = status === 404 ? 'Not found' : `HTTP ${status} ${statusText}`.trim();
  return new ApiError(status, title, text.slice(0, 200));
}

// With authentication on, the API wants the session's CSRF token echoed on every write made with the
// session cookie (GET /auth/session and POST /auth/login hand it out). Module state, not React
// state: every request of the page needs it, and it changes only at login and logout.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Same-origin JSON request: the API serves this UI, so paths are absolute from `/`. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const method = options.method ?? 'GET';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'API unreachable', 'Could not reach the Freezer API. Is it running?');
  }
  const text = await res.text();
  if (!res.ok) throw errorFromBody(res.status, res.statusText, text);
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'Unreadable response', `Expected JSON from ${path}`);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
