import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFixture, passwordOf, startAuthFixture } from './support/auth-fixture.js';
import { chunkedRequest, listenOnLoopback } from './support/raw-http.js';
import { execJob } from './helpers.js';

const v3Body = (token: string) => ({
  auth: { identity: { methods: ['token'], token: { id: token } }, scope: { project: { id: 'p1' } } },
});

describe('with auth on', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await startAuthFixture({ callerBodyLimit: 4096 });
  }, 60_000);
  afterAll(() => f.api.close());

  async function exchange(token: string): Promise<string> {
    const res = await f.api.call('POST', '/v3/auth/tokens', v3Body(token));
    expect(res.statusCode).toBe(201);
    return String(res.headers['x-subject-token']);
  }

  async function apiToken(extra: Record<string, unknown> = {}) {
    const alice = await f.login('alice');
    const res = await f.asSession(alice, 'POST', '/auth/tokens', { name: 'ci', project_id: 'p1', ...extra });
    return { alice, token: res.json().token as string, id: res.json().token_id as string };
  }

  it('a token exchanged at /v3 (and re-exchanged) dies when its API token is revoked', async () => {
    const { alice, token, id } = await apiToken();
    const child = await exchange(token);
    const grandchild = await exchange(child);
    expect((await f.asToken(grandchild, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
    expect((await f.asSession(alice, 'DELETE', `/auth/tokens/${id}`)).statusCode).toBe(204);
    for (const t of [token, child, grandchild]) {
      expect((await f.asToken(t, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    }
    const again = await f.api.call('POST', '/v3/auth/tokens', v3Body(grandchild));
    expect(again.statusCode).toBe(401);
  });

  it('a token exchanged at /v3 expires no later than its parent', async () => {
    const start = f.api.clock.now;
    const { token } = await apiToken({ expires_in_days: 1 });
    try {
      // Half a day later a fresh 24 h token would outlive its parent by 12 h; it is capped instead.
      f.api.clock.now = start + 43_200;
      const child = await exchange(token);
      f.api.clock.now = start + 86_400 + 1;
      expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
      expect((await f.asToken(child, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
      expect((await f.api.call('POST', '/v3/auth/tokens', v3Body(child))).statusCode).toBe(401);
    } finally {
      f.api.clock.now = start;
    }
  });

  it('derived tokens are listed right after their parent', async () => {
    const { alice, token, id } = await apiToken();
    await exchange(token);
    const list = (await f.asSession(alice, 'GET', '/auth/tokens')).json().tokens as {
      token_id: string;
      kind: string;
      parent_token_id: string | null;
    }[];
    const at = list.findIndex((t) => t.token_id === id);
    expect(list[at]).toMatchObject({ kind: 'api', parent_token_id: null });
    expect(list[at + 1]).toMatchObject({ kind: 'identity', parent_token_id: id });
  });

  it('DELETE /v3/auth/tokens revokes the X-Subject-Token and what came from it', async () => {
    const { token } = await apiToken();
    const child = await exchange(token);
    const grandchild = await exchange(child);
    const del = await f.api.call('DELETE', '/v3/auth/tokens', undefined, { 'x-subject-token': child });
    expect(del.statusCode).toBe(204);
    expect((await f.asToken(child, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    expect((await f.asToken(grandchild, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    // The parent lives on; revoking twice, or an unknown token, is a 404.
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
    const twice = await f.api.call('DELETE', '/v3/auth/tokens', undefined, { 'x-subject-token': child });
    expect(twice.statusCode).toBe(404);
    expect((await f.api.call('DELETE', '/v3/auth/tokens')).statusCode).toBe(400);
  });

  it('logging out with a token ends it and the tokens exchanged from it', async () => {
    const pw = await f.api.call('POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: passwordOf('alice') } },
        },
        scope: { project: { id: 'p1' } },
      },
    });
    const session = String(pw.headers['x-subject-token']);
    const child = await exchange(session);
    expect((await f.asToken(session, 'POST', '/auth/logout')).statusCode).toBe(204);
    expect((await f.asToken(session, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
    expect((await f.asToken(child, 'GET', '/v2/p1/jobs')).statusCode).toBe(401);
  });

  describe('a scheduler token acts only for its own client', () => {
    let ownJob: string;
    let otherJob: string;
    let session: string;
    beforeAll(async () => {
      const m = f.tokens.p1Member;
      await f.asToken(m, 'POST', '/v2/p1/clients', { client_id: 'c1', hostname: 'host-c1' });
      await f.asToken(m, 'POST', '/v2/p1/clients', { client_id: 'c2', hostname: 'host-c2' });
      ownJob = (await f.asToken(m, 'POST', '/v2/p1/jobs', execJob('c1'))).json().job_id;
      otherJob = (await f.asToken(m, 'POST', '/v2/p1/jobs', execJob('c2'))).json().job_id;
      session = (
        await f.asToken(m, 'POST', '/v2/p1/sessions', { description: 's', schedule: {}, hold_off: 0 })
      ).json().session_id;
      for (const job of [ownJob, otherJob]) {
        await f.asToken(m, 'PUT', `/v2/p1/sessions/${session}/jobs/${job}`);
      }
    });

    it("cannot start or end another client's session entry", async () => {
      const s = f.tokens.p1SchedulerC1;
      const url = `/v2/p1/sessions/${session}/action`;
      const start = await f.asToken(s, 'POST', url, { start: { job_id: otherJob, current_tag: 0 } });
      expect(start.statusCode).toBe(404);
      const end = await f.asToken(s, 'POST', url, { end: { job_id: otherJob, result: 'success' } });
      expect(end.statusCode).toBe(404);
      const doc = (await f.asToken(f.tokens.p1Member, 'GET', `/v2/p1/sessions/${session}`)).json();
      expect(doc.jobs[otherJob].status).not.toBe('running');
      const own = await f.asToken(s, 'POST', url, { start: { job_id: ownJob, current_tag: 0 } });
      expect(own.statusCode).toBe(202);
    });

    it("cannot post backups under another client's job or host", async () => {
      const s = f.tokens.p1SchedulerC1;
      const backup = { container: '/b', backup_name: 'n', level: 0, time_stamp: 1 };
      const otherJobs = await f.asToken(s, 'POST', '/v2/p1/backups', {
        ...backup,
        hostname: 'host-c1',
        job_id: otherJob,
        backup_uuid: 'x1',
      });
      expect(otherJobs.statusCode).toBe(404);
      const otherHost = await f.asToken(s, 'POST', '/v2/p1/backups', {
        ...backup,
        hostname: 'host-c2',
        job_id: ownJob,
        backup_uuid: 'x2',
      });
      expect(otherHost.statusCode).toBe(403);
      expect(otherHost.json().description).toMatch(/only post backups of client c1's host, not host-c2/);
      const listed = (await f.asToken(f.tokens.p1Member, 'GET', '/v2/p1/backups?limit=-1')).json().backups;
      expect(JSON.stringify(listed)).not.toMatch(/"x1"|"x2"/);
      const own = await f.asToken(s, 'POST', '/v2/p1/backups', {
        ...backup,
        hostname: 'host-c1',
        job_id: ownJob,
        backup_uuid: 'x3',
      });
      expect(own.statusCode).toBe(201);
      // The stock agent's "" for an unset job: only the host is checked.
      const noJob = { ...backup, job_id: '', backup_uuid: 'x4' };
      expect(
        (await f.asToken(s, 'POST', '/v2/p1/backups', { ...noJob, hostname: 'host-c1' })).statusCode,
      ).toBe(201);
      expect(
        (await f.asToken(s, 'POST', '/v2/p1/backups', { ...noJob, hostname: 'host-c2', backup_uuid: 'x5' }))
          .statusCode,
      ).toBe(403);
    });
  });

  it('body limits hold for chunked bodies (anonymous and per caller)', async () => {
    const port = await listenOnLoopback(f.api.app);
    const filler = (n: number) => Buffer.from(`{"username":"${'x'.repeat(n)}","password":"y"}`);
    const anon = await chunkedRequest(port, 'POST', '/auth/login', [
      filler(10_000),
      Buffer.from(' '.repeat(10_000)),
    ]);
    expect(anon.status).toBe(413);
    expect(anon.body).toMatch(/larger than the 16384 bytes allowed to this anonymous caller/);
    const big = Buffer.from(JSON.stringify(execJob('c1', { description: 'd'.repeat(6000) })));
    const caller = await chunkedRequest(
      port,
      'POST',
      '/v2/p1/jobs',
      [big.subarray(0, 3000), big.subarray(3000)],
      {
        'x-auth-token': f.tokens.p1Member,
      },
    );
    expect(caller.status).toBe(413);
    expect(caller.body).toMatch(/larger than the 4096 bytes allowed to this caller/);
    const small = Buffer.from(JSON.stringify(execJob('c1')));
    const ok = await chunkedRequest(port, 'POST', '/v2/p1/jobs', [small], {
      'x-auth-token': f.tokens.p1Member,
    });
    expect(ok.status).toBe(201);
  });

  it('/healthz tells anonymous callers and members only ok/fail; a global admin sees the rest', async () => {
    expect((await f.api.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await f.asToken(f.tokens.p1Member, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const admin = (await f.asSession(f.admin, 'GET', '/healthz')).json();
    expect(admin).toMatchObject({ status: 'ok', db: { status: 'ok' } });
    // PostgreSQL: the URL is shown without its password.
    expect(admin.db.path).toMatch(
      f.api.store.dialect === 'postgres'
        ? /^postgresql:\/\/freezer:\*\*\*@127\.0\.0\.1:\d+\/fz_/
        : /freezer\.sqlite$/,
    );
  });
});
