import { test as base, expect } from '@playwright/test';
import { startWebApi, type ApiServer } from './api-server';

export const ADMIN = { name: 'admin', password: 'e2e admin password 1' };

export interface AuthApi extends ApiServer {
  /** A logged-in web session of the first administrator, for setting up users from the test. */
  admin: { cookie: string; csrf: string };
}

/** Logs in like the web UI does and returns the session cookie and CSRF token. */
export async function loginSession(url: string, username: string, password: string) {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie, csrf: csrf_token };
}

/** A request as the administrator's web session (cookie + CSRF header, as the UI sends them). */
export async function adminCall<T>(api: AuthApi, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      cookie: api.admin.cookie,
      'x-csrf-token': api.admin.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Every test gets its own API process with authentication on (--auth), a fresh database and the
 * first administrator created from FREEZER_ADMIN_PASSWORD, the way a deployment starts.
 */
export const test = base.extend<{ api: AuthApi }>({
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    const server = await startWebApi({
      args: ['--auth'],
      env: { FREEZER_ADMIN_USER: ADMIN.name, FREEZER_ADMIN_PASSWORD: ADMIN.password },
    });
    try {
      const admin = await loginSession(server.url, ADMIN.name, ADMIN.password);
      await use({ ...server, admin });
    } finally {
      await server.stop();
    }
  },
  baseURL: async ({ api }, use) => {
    await use(api.url);
  },
});

export { expect };
