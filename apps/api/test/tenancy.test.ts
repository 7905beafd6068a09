import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFixture, startAuthFixture } from './support/auth-fixture.js';
import { execJob } from './helpers.js';

const backup = {
  container: '/b',
  hostname: 'h',
  backup_name: 'n',
  level: 0,
  time_stamp: 1,
  backup_uuid: 'bu1',
};
const session = { description: 's', schedule: {}, hold_off: 0 };

/** Every project-scoped route (method, path under the project prefix, body) with real p1 ids. */
function projectRoutes(ids: { job: string; action: string; session: string; backup: string }) {
  const { job, action, session: sid, backup: bid } = ids;
  return [
    ['GET', '/clients'],
    ['POST', '/clients', { client_id: 'c1' }],
    ['GET', '/clients/c1'],
    ['DELETE', '/clients/c1'],
    ['POST', '/clients/c1/heartbeat', {}],
    ['GET', '/jobs'],
    ['POST', '/jobs', execJob('c1')],
    ['GET', `/jobs/${job}`],
    ['PATCH', `/jobs/${job}`, { description: 'x' }],
    ['POST', `/jobs/${job}`, execJob('c1')],
    ['DELETE', `/jobs/${job}`],
    ['POST', `/jobs/${job}/event`, { start: null }],
    ['GET', `/jobs/${job}/runs`],
    [
      'POST',
      `/jobs/${job}/runs`,
      { run_id: 'r1', time_started: 1, time_ended: 2, result: 'success', actions: [] },
    ],
    ['GET', '/runs'],
    ['GET', `/drills?job_id=${job}`],
    ['GET', '/drills/latest'],
    ['GET', '/actions'],
    ['POST', '/actions', { freezer_action: { action: 'exec', command: 'true' } }],
    ['GET', `/actions/${action}`],
    ['PATCH', `/actions/${action}`, { max_retries: 1 }],
    ['POST', `/actions/${action}`, { freezer_action: { action: 'exec', command: 'true' } }],
    ['DELETE', `/actions/${action}`],
    ['GET', '/sessions'],
    ['POST', '/sessions', session],
    ['GET', `/sessions/${sid}`],
    ['PATCH', `/sessions/${sid}`, { description: 'x' }],
    ['POST', `/sessions/${sid}`, session],
    ['DELETE', `/sessions/${sid}`],
    ['POST', `/sessions/${sid}/action`, { start: null, current_tag: 0 }],
    ['PUT', `/sessions/${sid}/jobs/${job}`],
    ['DELETE', `/sessions/${sid}/jobs/${job}`],
    ['GET', '/backups'],
    ['POST', '/backups', backup],
    ['GET', `/backups/${bid}`],
    ['DELETE', `/backups/${bid}`],
    ['GET', '/metrics/summary'],
    ['GET', '/metrics/timeseries'],
  ] as [string, string, unknown?][];
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('tenants: projects, roles and scheduler tokens', () => {
  let f: AuthFixture;
  let ids: { job: string; otherJob: string; action: string; session: string; backup: string };

  beforeAll(async () => {
    f = await startAuthFixture();
    const t = f.tokens.p1Member;
    await f.asToken(t, 'POST', '/v2/p1/clients', { client_id: 'c1', hostname: 'secret-host-p1' });
    const job = (
      await f.asToken(t, 'POST', '/v2/p1/jobs', execJob('c1', { description: 'secret-p1' }))
    ).json().job_id;
    const otherJob = (await f.asToken(t, 'POST', '/v2/p1/jobs', execJob('c2'))).json().job_id;
    const action = (
      await f.asToken(t, 'POST', '/v2/p1/actions', {
        freezer_action: { action: 'exec', command: 'secret-p1' },
      })
    ).json().action_id;
    const sid = (await f.asToken(t, 'POST', '/v2/p1/sessions', session)).json().session_id;
    const bid = (await f.asToken(t, 'POST', '/v2/p1/backups', backup)).json().backup_id;
    ids = { job, otherJob, action, session: sid, backup: bid };
  }, 60_000);
  afterAll(() => f.api.close());

  it("all members of a project share its documents (a second member sees the first one's job)", async () => {
    const alice = await f.login('alice');
    const jobs = (await f.asSession(alice, 'GET', '/v2/p1/jobs')).json().jobs;
    expect(jobs.map((j: { job_id: string }) => j.job_id)).toContain(ids.job);
  });

  // The route loops make 36–72 requests each: over 5 s on PostgreSQL when the machine is busy.
  it("every project route refuses another project's token with 403 and no data (v2 and v1)", async () => {
    const routes = projectRoutes(ids);
    let tried = 0;
    for (const prefix of ['/v2/p1', '/v1']) {
      for (const [method, path, body] of routes) {
        const res = await f.asToken(f.tokens.p2Member, method, `${prefix}${path}`, body);
        expect(res.statusCode, `${method} ${prefix}${path}`).toBe(403);
        expect(res.body).not.toMatch(/secret|c1|bu1/);
        expect(res.json().description).toBe(
          `you have no role in project ${prefix === '/v1' ? 'default' : 'p1'}`,
        );
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(70);
    // Nothing was changed by the refused writes.
    expect((await f.asToken(f.tokens.p1Member, 'GET', `/v2/p1/jobs/${ids.job}`)).json().description).toBe(
      'secret-p1',
    );
  }, 60_000);

  it('the project list shows a token only its own project', async () => {
    const res = await f.asToken(f.tokens.p2Member, 'GET', '/v2/projects');
    expect(res.json().projects).toEqual(['p2']);
  });

  it('a reader may read every route but write none', async () => {
    for (const [method, path, body] of projectRoutes(ids)) {
      const res = await f.asToken(f.tokens.p1Reader, method, `/v2/p1${path}`, body);
      if (WRITE.has(method)) {
        expect(res.statusCode, `${method} ${path}`).toBe(403);
        expect(res.json().description).toBe('your role in project p1 is reader: read only');
      } else {
        expect(res.statusCode, `${method} ${path}`).toBe(200);
      }
    }
  }, 60_000);

  it("a scheduler token reads only its client's jobs and writes only their results", async () => {
    const s = f.tokens.p1SchedulerC1;
    const jobs = (await f.asToken(s, 'GET', '/v2/p1/jobs?limit=-1')).json().jobs;
    expect(jobs.map((j: { client_id: string }) => j.client_id)).toEqual(['c1']);
    // A GET body search for another client still only yields c1's jobs (none here).
    const sneaky = await f.asToken(s, 'GET', '/v2/p1/jobs', { match: [{ client_id: 'c2' }] });
    expect(sneaky.json().jobs).toEqual([]);
    expect((await f.asToken(s, 'GET', `/v2/p1/jobs/${ids.otherJob}`)).statusCode).toBe(404);
    expect(
      (await f.asToken(s, 'PATCH', `/v2/p1/jobs/${ids.otherJob}`, { description: 'x' })).statusCode,
    ).toBe(404);
    expect((await f.asToken(s, 'GET', `/v2/p1/jobs/${ids.job}`)).statusCode).toBe(200);
    const patch = await f.asToken(s, 'PATCH', `/v2/p1/jobs/${ids.job}`, {
      job_schedule: { status: 'running' },
    });
    expect(patch.statusCode).toBe(200);
    const moved = await f.asToken(s, 'PATCH', `/v2/p1/jobs/${ids.job}`, { client_id: 'c2' });
    expect(moved.statusCode).toBe(403);
    const run = await f.asToken(s, 'POST', `/v2/p1/jobs/${ids.job}/runs`, {
      run_id: 'sched-run',
      time_started: 1,
      time_ended: 2,
      result: 'success',
      actions: [],
    });
    expect(run.statusCode).toBe(201);
    expect(
      (
        await f.asToken(s, 'POST', '/v2/p1/backups', {
          ...backup,
          hostname: 'secret-host-p1',
          backup_uuid: 'sched-bu',
        })
      ).statusCode,
    ).toBe(201);
    expect((await f.asToken(s, 'POST', '/v2/p1/clients/c1/heartbeat', {})).statusCode).toBe(204);

    for (const [method, path] of [
      ['DELETE', `/jobs/${ids.job}`],
      ['POST', '/jobs'],
      ['GET', '/actions'],
      ['GET', '/backups'],
      ['DELETE', `/backups/${ids.backup}`],
      ['GET', '/metrics/summary'],
    ] as const) {
      const res = await f.asToken(s, method, `/v2/p1${path}`, method === 'POST' ? execJob('c1') : undefined);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
      expect(res.json().description).toMatch(/limited to client c1's jobs and results/);
    }
    expect((await f.asToken(s, 'POST', '/v2/p1/clients', { client_id: 'c2' })).statusCode).toBe(403);
    expect((await f.asToken(s, 'GET', '/v2/p1/clients/c2')).statusCode).toBe(403);
    expect((await f.asToken(s, 'GET', '/auth/tokens')).statusCode).toBe(403);
  }, 60_000);

  it('removing a user from a project takes effect on their tokens at once', async () => {
    const res = await f.asSession(f.admin, 'POST', '/auth/users', {
      name: 'dave',
      password: 'correct horse battery staple dave',
      projects: [{ project_id: 'p1', role: 'member' }],
    });
    const daveId = res.json().user_id;
    const dave = await f.login('dave', 'correct horse battery staple dave');
    const token = (await f.asSession(dave, 'POST', '/auth/tokens', { name: 't', project_id: 'p1' })).json()
      .token;
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
    expect(
      (await f.asSession(f.admin, 'PUT', `/auth/users/${daveId}/projects/p1`, { role: 'reader' })).statusCode,
    ).toBe(204);
    expect((await f.asToken(token, 'POST', '/v2/p1/jobs', execJob('c1'))).statusCode).toBe(403);
    expect((await f.asSession(f.admin, 'DELETE', `/auth/users/${daveId}/projects/p1`)).statusCode).toBe(204);
    expect((await f.asToken(token, 'GET', '/v2/p1/jobs')).statusCode).toBe(403);
  }, 60_000);
});
