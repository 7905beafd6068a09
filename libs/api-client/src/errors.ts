/** An HTTP answer outside 2xx, carrying the API's `description` (or title / raw text) as the message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly method: string,
    readonly url: string,
  ) {
    super(message);
  }

  /** Worth retrying later: the server is unavailable or failed, not the request. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The API could not be reached at all (connection refused, reset, DNS, timeout). */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  readonly transient = true;
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function isTransient(err: unknown): boolean {
  return (err instanceof ApiError && err.transient) || err instanceof ApiUnreachableError;
}

/** Turns an error body into one readable line: the API's description, else its title, else the text. */
export function describeErrorBody(status: number, text: string): string {
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        const { description, title } = parsed as { description?: unknown; title?: unknown };
        if (typeof description === 'string' && description) return description;
        if (typeof title === 'string' && title) return title;
      }
    } catch {
      // not JSON: fall through to the raw text
    }
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
  return status === 404 ? 'Not Found' : `HTTP ${status}`;
}
