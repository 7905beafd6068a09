import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type ApiProcess, createDatabase, startApi } from '@freezer/testkit';

const ADMIN_PASSWORD = 'Admin-Pass-Never-Logged-7f3a';
const WRONG_PASSWORD = 'Wrong-Guess-Never-Logged-91c2';

// Each test starts real API processes: slow on a loaded 2-core CI machine.
describe('a real API process with auth on', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-auth-logs-'));
  let api: ApiProcess | undefined;
  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start with auth on and no user, and without --auth on a non-loopback address', async () => {
    const db = join(dir, 'empty.sqlite');
    await expect(
      startApi({ from: 'source', db, auth: true, env: { FREEZER_ADMIN_PASSWORD: '' } }),
    ).rejects.toThrow(/exited 1: freezer-api: authentication is on but there is no user yet/);
    await expect(startApi({ from: 'source', db, args: ['--host', '0.0.0.0'] })).rejects.toThrow(
      /exited 2: freezer-api: refusing to listen on 0\.0\.0\.0: authentication is off/,
    );
  }, 60_000); // two real processes start and refuse; slow on a loaded machine

  it('never writes passwords, tokens or session cookies to its log, even at debug level', async () => {
    const pgUrl = inject('freezerPgUrl');
    const db = pgUrl ? await createDatabase(pgUrl) : join(dir, 'freezer.sqlite');
    api = await startApi({
      from: 'source',
      db,
      auth: true,
      args: ['--log-level', 'trace'],
      env: { FREEZER_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${api?.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    expect((await post('/auth/login', { username: 'admin', password: WRONG_PASSWORD })).status).toBe(401);
    const login = await post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
    const created = await post(
      '/auth/tokens',
      { name: 'ci', project_id: 'p1' },
      { cookie, 'x-csrf-token': csrf },
    );
    const token = ((await created.json()) as { token: string }).token;
    expect((await fetch(`${api.url}/v2/p1/jobs`, { headers: { 'x-auth-token': token } })).status).toBe(200);
    const refused = await fetch(`${api.url}/v2/p1/jobs`, { headers: { 'x-auth-token': `${token}x` } });
    expect(refused.status).toBe(401);
    const requestId = refused.headers.get('x-openstack-request-id') ?? '';
    expect(requestId).toMatch(/^req-[0-9a-f-]{36}$/);
    const v3 = await post('/v3/auth/tokens', {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', password: ADMIN_PASSWORD } } },
        scope: { project: { id: 'p1' } },
      },
    });
    const identityToken = v3.headers.get('x-subject-token') ?? '';
    expect(identityToken).toMatch(/^fzi_/);
    await api.stop();

    const log = api.output();
    // Structured JSON lines; the refused request's line carries its request id.
    const lines = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; statusCode?: number; level: number });
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.find((l) => l.reqId === requestId && l.statusCode === 401)).toBeDefined();
    expect(log).toMatch(/"msg":"login failed"/); // the log is real and at trace level
    expect(log).toMatch(/"statusCode":401/);
    for (const secret of [
      ADMIN_PASSWORD,
      WRONG_PASSWORD,
      token,
      identityToken,
      cookie.split('=')[1] as string,
      csrf,
    ]) {
      expect(log).not.toContain(secret);
    }
  }, 120_000);
});
