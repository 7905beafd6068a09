import { ApiError, browserTransport, FreezerApiClient } from '@freezer/api-client';
import { DEFAULT_PROJECT } from './project';

// With authentication on, the API wants the session's CSRF token echoed on every write made with the
// session cookie (GET /auth/session and POST /auth/login hand it out). Module state, not React
// state: every request of the page needs it, and it changes only at login and logout.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * The typed API client for one project, on the page's own origin (the API serves this UI). `signal`
 * cancels its requests: react-query hands one to every query.
 */
export function apiClient(project: string = DEFAULT_PROJECT, signal?: AbortSignal): FreezerApiClient {
  return new FreezerApiClient({
    apiUrl: '',
    projectId: project,
    transport: browserTransport({ csrfToken: () => csrfToken, signal }),
  });
}

/** The client answers a GET of an unknown id with null; a detail page shows it as an error. */
export function found<T>(doc: T | null, what: string, id: string): T {
  if (doc === null) throw new ApiError(404, `${what} ${id} not found`, 'GET', id);
  return doc;
}
