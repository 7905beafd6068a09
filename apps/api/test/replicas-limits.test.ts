import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiProcess, createDatabase, startApi } from '@freezer/testkit';

const ADMIN_PASSWORD = 'replica limits admin 1';
const PER_MINUTE = 20;

// Two API processes with auth on, on one database, every request alternating between them: the
// login throttle is kept in the database in both dialects; the per-caller rate limit is shared on
// PostgreSQL (replicas) and counted per process on SQLite (one process by design).
describe('limits across two API replicas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-replica-limits-'));
  const pgUrl = inject('freezerPgUrl');
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const db = pgUrl ? await createDatabase(pgUrl) : join(dir, 'shared.sqlite');
    const env = { FREEZER_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const args = ['--log-level', 'warn', '--rate-limit', String(PER_MINUTE)];
    a = await startApi({ from: 'source', db, auth: true, args, env });
    b = await startApi({ from: 'source', db, auth: true, args, env });
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (api: ApiProcess, username: string, password: string) =>
    fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('a token gets the allowance of one replica, not two', async () => {
    const session = await login(a, 'admin', ADMIN_PASSWORD);
    const csrf = ((await session.json()) as { csrf_token: string }).csrf_token;
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const created = await fetch(`${b.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'limited', project_id: 'p1', role: 'admin' }),
    });
    const { token } = (await created.json()) as { token: string };

    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= PER_MINUTE; i++) {
      last = await fetch(`${(i % 2 ? b : a).url}/v2/p1/jobs`, { headers: { 'x-auth-token': token } });
      statuses.push(last.status);
    }
    const allowed = pgUrl ? PER_MINUTE : PER_MINUTE + 1;
    expect(statuses.filter((s) => s === 200)).toHaveLength(allowed);
    if (pgUrl) {
      expect(statuses.at(-1)).toBe(429);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await last?.json()) as { description: string }).description).toMatch(
        /^rate limit of 20 requests per minute exceeded for this token; retry in \d+ s$/,
      );
    }
  });

  it('the login throttle counts failures on both replicas together', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login(i % 2 ? b : a, 'admin', `wrong guess ${i}`);
      expect(res.status).toBe(401);
    }
    // Three failures on A, two on B: a per-process throttle would let the right password through.
    for (const api of [a, b]) {
      const res = await login(api, 'admin', ADMIN_PASSWORD);
      expect(res.status).toBe(429);
      expect(((await res.json()) as { description: string }).description).toMatch(/too many failed logins/);
    }
  });
});
