import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetupError, ensureInitialAdmin } from '../src/plugins/auth/initial-admin.js';
import { type AuthFixture, passwordOf, startAuthFixture } from './support/auth-fixture.js';
import { execJob, startTestApi } from './helpers.js';

describe('authentication', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await startAuthFixture();
  }, 60_000);
  afterAll(() => f.api.close());

  it('refuses anonymous callers with 401 and a clear message, but health and login stay open', async () => {
    const res = await f.api.call('GET', '/v2/p1/jobs');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      title: 'Unauthorized',
      description: 'log in (POST /auth/login) or send an X-Auth-Token header',
    });
    expect((await f.api.call('GET', '/healthz')).statusCode).toBe(200);
    expect((await f.api.call('GET', '/auth/session')).json()).toMatchObject({
      auth_enabled: true,
      user: null,
    });
    const bad = await f.api.call('GET', '/v2/p1/jobs', undefined, { 'x-auth-token': 'fzt_not-a-token' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().description).toBe('the X-Auth-Token is unknown, expired or revoked');
  });

  it('X-User-Id cannot impersonate once auth is on', async () => {
    const res = await f.api.call('GET', '/v2/p1/jobs', undefined, { 'x-user-id': 'admin' });
    expect(res.statusCode).toBe(401);
  });

  it('web login sets an HttpOnly SameSite=Strict cookie; writes need the CSRF header', async () => {
    const res = await f.api.call('POST', '/auth/login', { username: 'alice', password: passwordOf('alice') });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    const [pair, ...attributes] = cookie.split('; ');
    expect(pair).toMatch(/^fz_session=fzs_[\w-]+$/);
    // Attributes in any order (a cookie's attributes are a set), and nothing else: no Secure on HTTP.
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Strict']);
    const session = pair as string;
    const me = (await f.api.call('GET', '/auth/session', undefined, { cookie: session })).json();
    expect(me.user).toMatchObject({
      name: 'alice',
      is_admin: false,
      projects: [{ project_id: 'p1', role: 'member' }],
    });
    expect(me.csrf_token).toBe(res.json().csrf_token);

    // Reads with the cookie alone work; a write without (or with a wrong) CSRF token does not.
    expect((await f.api.call('GET', '/v2/p1/jobs', undefined, { cookie: session })).statusCode).toBe(200);
    const noCsrf = await f.api.call('POST', '/v2/p1/jobs', execJob('c9'), { cookie: session });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().description).toMatch(/X-CSRF-Token/);
    const wrong = await f.api.call('POST', '/v2/p1/jobs', execJob('c9'), {
      cookie: session,
      'x-csrf-token': 'x',
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await f.api.call('POST', '/v2/p1/jobs', execJob('c9'), {
      cookie: session,
      'x-csrf-token': me.csrf_token,
    });
    expect(ok.statusCode).toBe(201);

    const out = await f.api.call('POST', '/auth/logout', undefined, { cookie: session });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await f.api.call('GET', '/v2/p1/jobs', undefined, { cookie: session })).statusCode).toBe(401);
  });

  it('wrong password and unknown user get the same 401', async () => {
    const a = await f.api.call('POST', '/auth/login', { username: 'bob', password: 'wrong password 123' });
    const b = await f.api.call('POST', '/auth/login', { username: 'nobody', password: 'wrong password 123' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('slows down brute force: after 5 failures even the right password waits (429 + Retry-After)', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await f.api.call('POST', '/auth/login', {
        username: 'rita',
        password: `guess number ${i}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const res = await f.api.call('POST', '/auth/login', { username: 'rita', password: passwordOf('rita') });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.json().description).toMatch(/too many failed logins/);
  });

  it('API tokens: shown once, stored only as a SHA-256 hash, listed without secret, revoked at once', async () => {
    const alice = await f.login('alice');
    const created = await f.asSession(alice, 'POST', '/auth/tokens', { name: 'ci', project_id: 'p1' });
    expect(created.statusCode).toBe(201);
    const { token, token_id } = created.json();
    expect(token).toMatch(/^fzt_[\w-]{43}$/);

    const rows = await f.api.store.ctx.db.select().from(f.api.store.ctx.t.apiTokens);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.some((r) => r.tokenHash === createHash('sha256').update(token).digest('hex'))).toBe(true);

    const list = (await f.asSession(alice, 'GET', '/auth/tokens')).json().tokens;
    expect(list.find((t: { token_id: string }) => t.token_id === token_id)).toMatchObject({
      name: 'ci',
      role: 'member',
    });
    expect(JSON.stringify(list)).not.toContain(token);

    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
    expect((await f.asSession(alice, 'DELETE', `/auth/tokens/${token_id}`)).statusCode).toBe(204);
    const after = await f.asToken(token, 'GET', '/v2/p1/jobs');
    expect(after.statusCode).toBe(401);
  });

  it('a token cannot exceed its creator: no role in the project, or a higher role, is 403', async () => {
    const alice = await f.login('alice');
    const other = await f.asSession(alice, 'POST', '/auth/tokens', { name: 'x', project_id: 'p2' });
    expect(other.statusCode).toBe(403);
    expect(other.json().description).toBe('you have no role in project p2');
    const higher = await f.asSession(alice, 'POST', '/auth/tokens', {
      name: 'x',
      project_id: 'p1',
      role: 'admin',
    });
    expect(higher.statusCode).toBe(403);
    expect(higher.json().description).toMatch(/cannot have more than your role in p1 \(member\)/);
  });

  it('user management is for global admins only', async () => {
    const alice = await f.login('alice');
    const res = await f.asSession(alice, 'GET', '/auth/users');
    expect(res.statusCode).toBe(403);
    expect(res.json().description).toBe('this needs a global administrator');
    expect(
      (await f.asToken(f.tokens.p1Member, 'POST', '/auth/users', { name: 'x', password: passwordOf('x') }))
        .statusCode,
    ).toBe(403);
    const users = (await f.asSession(f.admin, 'GET', '/auth/users')).json().users;
    expect(users.map((u: { name: string }) => u.name).sort()).toEqual(['admin', 'alice', 'bob', 'rita']);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password/);
    const weak = await f.asSession(f.admin, 'POST', '/auth/users', { name: 'weak', password: 'short' });
    expect(weak.statusCode).toBe(400);
  });

  it("a password change ends the user's sessions and revokes their tokens", async () => {
    const res = await f.asSession(f.admin, 'POST', '/auth/users', {
      name: 'carol',
      password: passwordOf('carol'),
      projects: [{ project_id: 'p1', role: 'member' }],
    });
    const carolId = res.json().user_id;
    const carol = await f.login('carol');
    const token = (await f.asSession(carol, 'POST', '/auth/tokens', { name: 't', project_id: 'p1' })).json()
      .token;
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
    const patch = await f.asSession(f.admin, 'PATCH', `/auth/users/${carolId}`, {
      password: 'a brand new password 42',
    });
    expect(patch.statusCode).toBe(204);
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    expect((await f.asSession(carol, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    expect(
      (await f.api.call('POST', '/auth/login', { username: 'carol', password: 'a brand new password 42' }))
        .statusCode,
    ).toBe(200);
  });

  it('/v3/auth/tokens checks real credentials and issues a project-scoped token', async () => {
    const body = (password: string, project?: string) => ({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'bob', password, domain: { name: 'Default' } } },
        },
        ...(project ? { scope: { project: { id: project } } } : {}),
      },
    });
    expect((await f.api.call('POST', '/v3/auth/tokens', body('nope nope nope'))).statusCode).toBe(401);
    const wrongProject = await f.api.call('POST', '/v3/auth/tokens', body(passwordOf('bob'), 'p1'));
    expect(wrongProject.statusCode).toBe(401);
    expect(wrongProject.json().description).toBe('user bob has no role in project p1');

    const res = await f.api.call('POST', '/v3/auth/tokens', body(passwordOf('bob'), 'p2'));
    expect(res.statusCode).toBe(201);
    const token = String(res.headers['x-subject-token']);
    expect(token).toMatch(/^fzi_/);
    expect(res.json().token).toMatchObject({
      project: { id: 'p2' },
      user: { name: 'bob' },
      roles: [{ name: 'member' }],
    });
    expect((await f.asToken(token, 'GET', '/v2/p2/jobs')).statusCode).toBe(200);
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(403);

    const check = await f.api.call('GET', '/v3/auth/tokens', undefined, {
      'x-auth-token': token,
      'x-subject-token': token,
    });
    expect(check.statusCode).toBe(200);
    expect(check.json().token.project.id).toBe('p2');
  });

  it('a scheduler token exchanged at /v3 keeps its project and client restriction', async () => {
    const res = await f.api.call('POST', '/v3/auth/tokens', {
      auth: {
        identity: { methods: ['token'], token: { id: f.tokens.p1SchedulerC1 } },
        scope: { project: { id: 'p1' } },
      },
    });
    expect(res.statusCode).toBe(201);
    const token = String(res.headers['x-subject-token']);
    const del = await f.asToken(token, 'DELETE', '/v2/p1/jobs/whatever');
    expect(del.statusCode).toBe(403);
    expect(del.json().description).toMatch(/limited to client c1/);
  });
});

describe('initial administrator', () => {
  it('is never created with a default password: none given → refuse, short → refuse, given → once', async () => {
    const api = await startTestApi({ auth: { enabled: true } });
    try {
      await expect(ensureInitialAdmin(api.store, {})).rejects.toThrow(SetupError);
      await expect(ensureInitialAdmin(api.store, {})).rejects.toThrow(/FREEZER_ADMIN_PASSWORD/);
      await expect(ensureInitialAdmin(api.store, { FREEZER_ADMIN_PASSWORD: 'short' })).rejects.toThrow(
        /at least 12/,
      );
      expect(
        await ensureInitialAdmin(api.store, {
          FREEZER_ADMIN_PASSWORD: passwordOf('root'),
          FREEZER_ADMIN_USER: 'root',
        }),
      ).toBe('root');
      expect(
        await ensureInitialAdmin(api.store, { FREEZER_ADMIN_PASSWORD: 'another password!!' }),
      ).toBeUndefined();
      const login = await api.call('POST', '/auth/login', { username: 'root', password: passwordOf('root') });
      expect(login.json().user).toMatchObject({ name: 'root', is_admin: true });
    } finally {
      await api.close();
    }
  });
});
