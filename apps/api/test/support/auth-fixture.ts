import type { LightMyRequestResponse } from 'fastify';
import { createAdmin } from '../../src/plugins/auth/initial-admin.js';
import type { LimitOptions } from '../../src/plugins/limits.js';
import { type TestApi, startTestApi } from '../helpers.js';

export const passwordOf = (name: string) => `correct horse battery staple ${name}`;

export interface Login {
  cookie: string;
  csrf: string;
}

export interface AuthFixture {
  api: TestApi;
  admin: Login;
  /** Secrets of API tokens, by purpose. */
  tokens: { p1Member: string; p1Reader: string; p2Member: string; p1SchedulerC1: string };
  userIds: Record<string, string>;
  login(name: string, password?: string): Promise<Login>;
  /** A call as a web session (cookie + CSRF header). */
  asSession(s: Login, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  asToken(token: string, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`no session cookie in login reply ${res.statusCode} ${res.body}`);
  return first.split(';')[0] as string;
}

/**
 * An auth-enabled API with: global admin `admin`; alice (member of p1), rita (reader of p1), bob
 * (member of p2), and API tokens created through the real routes by those users.
 */
export async function startAuthFixture(limits?: LimitOptions): Promise<AuthFixture> {
  const api = await startTestApi({ auth: { enabled: true }, ...(limits ? { limits } : {}) });
  await createAdmin(api.store, 'admin', passwordOf('admin'));

  const login = async (name: string, password = passwordOf(name)): Promise<Login> => {
    const res = await api.call('POST', '/auth/login', { username: name, password });
    if (res.statusCode !== 200) throw new Error(`login ${name}: ${res.statusCode} ${res.body}`);
    return { cookie: cookieOf(res), csrf: res.json().csrf_token as string };
  };
  const asSession = (s: Login, method: string, url: string, body?: unknown) =>
    api.call(method, url, body, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  const asToken = (token: string, method: string, url: string, body?: unknown) =>
    api.call(method, url, body, { 'x-auth-token': token });

  const admin = await login('admin');
  const userIds: Record<string, string> = {};
  for (const [name, project, role] of [
    ['alice', 'p1', 'member'],
    ['rita', 'p1', 'reader'],
    ['bob', 'p2', 'member'],
  ] as const) {
    const res = await asSession(admin, 'POST', '/auth/users', {
      name,
      password: passwordOf(name),
      projects: [{ project_id: project, role }],
    });
    if (res.statusCode !== 201) throw new Error(`create ${name}: ${res.statusCode} ${res.body}`);
    userIds[name] = res.json().user_id as string;
  }
  const token = async (who: Login, body: Record<string, unknown>): Promise<string> => {
    const res = await asSession(who, 'POST', '/auth/tokens', body);
    if (res.statusCode !== 201) throw new Error(`token: ${res.statusCode} ${res.body}`);
    return res.json().token as string;
  };
  const alice = await login('alice');
  const rita = await login('rita');
  const bob = await login('bob');
  return {
    api,
    admin,
    userIds,
    login,
    asSession,
    asToken,
    tokens: {
      p1Member: await token(alice, { name: 'script', project_id: 'p1' }),
      p1Reader: await token(rita, { name: 'ro', project_id: 'p1', role: 'reader' }),
      p2Member: await token(bob, { name: 'script', project_id: 'p2' }),
      p1SchedulerC1: await token(alice, { name: 'sched', project_id: 'p1', client_id: 'c1' }),
    },
  };
}
