import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, execJob, startTestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('jobs', () => {
  it('creates with a new id, stamps the schedule and creates action documents', async () => {
    const res = await api.call('POST', '/v2/p1/jobs/', { ...execJob(), job_id: 'ignored' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
    const { job_id } = res.json();
    expect(job_id).toMatch(/^[0-9a-f]{32}$/);
    const get = await api.call('GET', `/v2/p1/jobs/${job_id}`);
    expect(get.statusCode).toBe(200);
    expect(get.headers.etag).toBe('"1"');
    const doc = get.json();
    expect(Object.keys(doc)).toEqual([
      'job_id',
      'project_id',
      'user_id',
      'job_schedule',
      'client_id',
      'session_id',
      'session_tag',
      'description',
      'job_actions',
    ]);
    expect(doc.user_id).toBe('admin');
    expect(doc.job_schedule).toEqual({
      schedule_interval: '5 minutes',
      time_created: api.clock.now,
      time_started: -1,
      time_ended: -1,
    });
    const ja = doc.job_actions[0];
    expect(ja).toMatchObject({ user_id: 'admin', project_id: 'p1', max_retries: 2, mandatory: true });
    const action = await api.call('GET', `/v2/p1/actions/${ja.action_id}`);
    expect(action.statusCode).toBe(200);
    expect(action.json().freezer_action).toMatchObject({
      action: 'exec',
      command: 'echo hi',
      backup_name: null,
    });
  });

  it('applies action_defaults to actions lacking the key', async () => {
    const body = execJob('p1_host1', {
      action_defaults: { storage: 'local', command: 'never used' },
      job_actions: [
        { freezer_action: { action: 'exec', command: 'own' } },
        { freezer_action: { action: 'backup', storage: null } },
      ],
    });
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', body)).json();
    const doc = (await api.call('GET', `/v2/p1/jobs/${job_id}`)).json();
    expect(doc.action_defaults).toBeUndefined();
    expect(doc.job_actions[0].freezer_action).toEqual({ action: 'exec', command: 'own', storage: 'local' });
    expect(doc.job_actions[1].freezer_action).toEqual({
      action: 'backup',
      storage: 'local',
      command: 'never used',
    });
  });

  it('PATCH replaces given keys, keeps job_schedule when absent, and detects stale _version', async () => {
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', execJob())).json();
    const p1 = await api.call('PATCH', `/v2/p1/jobs/${job_id}`, { description: 'new', _version: 1 });
    expect(p1.json()).toEqual({ job_id, version: 2 });
    const doc = (await api.call('GET', `/v2/p1/jobs/${job_id}`)).json();
    expect(doc.description).toBe('new');
    expect(doc.job_schedule.schedule_interval).toBe('5 minutes');
    const stale = await api.call('PATCH', `/v2/p1/jobs/${job_id}`, { description: 'lost', _version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().description).toContain('_version 1 is stale, the current version is 2');
    const staleHeader = await api.call(
      'PATCH',
      `/v2/p1/jobs/${job_id}`,
      { description: 'lost' },
      { 'if-match': '"1"' },
    );
    expect(staleHeader.statusCode).toBe(409);
    const sched = await api.call('PATCH', `/v2/p1/jobs/${job_id}/`, {
      job_schedule: { status: 'scheduled' },
    });
    expect(sched.json().version).toBe(3);
    expect((await api.call('GET', `/v2/p1/jobs/${job_id}`)).json().job_schedule).toEqual({
      status: 'scheduled',
    });
  });

  it('accepts the full document the stock scheduler PATCHes back', async () => {
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', execJob())).json();
    const doc = (await api.call('GET', `/v2/p1/jobs/${job_id}`)).json();
    doc.job_schedule = { ...doc.job_schedule, status: 'running', event: '', result: '', current_pid: 4242 };
    const res = await api.call('PATCH', `/v2/p1/jobs/${job_id}`, doc);
    expect(res.statusCode).toBe(200);
    expect((await api.call('GET', `/v2/p1/jobs/${job_id}`)).json().job_schedule.current_pid).toBe(4242);
  });

  it('POST to an id creates then replaces, keeping time_created', async () => {
    const first = await api.call('POST', '/v2/p1/jobs/myjob', execJob());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ job_id: 'myjob', version: 1 });
    const created = (await api.call('GET', '/v2/p1/jobs/myjob')).json().job_schedule.time_created;
    api.clock.now += 100;
    const second = await api.call('POST', '/v2/p1/jobs/myjob', { ...execJob(), description: 'replaced' });
    expect(second.json()).toEqual({ job_id: 'myjob', version: 2 });
    const doc = (await api.call('GET', '/v2/p1/jobs/myjob')).json();
    expect(doc.description).toBe('replaced');
    expect(doc.job_schedule.time_created).toBe(created);
  });

  it('events follow the stock rules', async () => {
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', execJob())).json();
    await api.call('PATCH', `/v2/p1/jobs/${job_id}`, {
      job_schedule: { status: 'completed', result: 'fail' },
    });
    const start = await api.call('POST', `/v2/p1/jobs/${job_id}/event`, { start: null });
    expect(start.statusCode).toBe(202);
    expect(start.json()).toEqual({ result: 'success' });
    expect((await api.call('GET', `/v2/p1/jobs/${job_id}`)).json().job_schedule).toEqual({
      status: '',
      result: '',
      event: 'start',
    });
    expect((await api.call('POST', `/v2/p1/jobs/${job_id}/event`, { start: null })).json()).toEqual({
      result: 'start already requested',
    });
    expect((await api.call('POST', `/v2/p1/jobs/${job_id}/event`, { stop: null })).json()).toEqual({
      result: 'success',
    });
    expect((await api.call('POST', `/v2/p1/jobs/${job_id}/event`, { abort: {} })).json()).toEqual({
      result: 'success',
    });
  });

  it('DELETE is 204 whether or not the job existed, then GET is an empty 404', async () => {
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', execJob())).json();
    expect((await api.call('DELETE', `/v2/p1/jobs/${job_id}`)).statusCode).toBe(204);
    expect((await api.call('DELETE', `/v2/p1/jobs/${job_id}`)).statusCode).toBe(204);
    const gone = await api.call('GET', `/v2/p1/jobs/${job_id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toBe('');
  });
});

describe('lists: pagination, search, scoping', () => {
  const project = '/v2/pp';
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      const client = `pp_node${i % 3}`;
      const { job_id } = (
        await api.call('POST', `${project}/jobs`, execJob(client, { description: `job ${i}` }))
      ).json();
      if (i % 5 === 0)
        await api.call('PATCH', `${project}/jobs/${job_id}`, { job_schedule: { status: 'completed' } });
    }
  });

  it('limit missing or 0 means 10, -1 means unlimited, offset skips', async () => {
    expect((await api.call('GET', `${project}/jobs`)).json().jobs).toHaveLength(10);
    expect((await api.call('GET', `${project}/jobs?limit=0`)).json().jobs).toHaveLength(10);
    expect((await api.call('GET', `${project}/jobs?limit=-1`)).json().jobs).toHaveLength(25);
    const page = (await api.call('GET', `${project}/jobs/?limit=10&offset=20`)).json().jobs;
    expect(page.map((j: { description: string }) => j.description)).toEqual([
      'job 20',
      'job 21',
      'job 22',
      'job 23',
      'job 24',
    ]);
  });

  it('GET-body search: match and match_not with the scheduler poll', async () => {
    const poll = { match: [{ client_id: 'pp_node0' }], match_not: [{ status: 'completed' }] };
    const jobs = (await api.call('GET', `${project}/jobs/?limit=-1&offset=0`, poll)).json().jobs;
    // node0 has jobs 0,3,...,24 (9); completed are 0,15 → 7 left
    expect(jobs).toHaveLength(7);
    expect(jobs.every((j: { client_id: string }) => j.client_id === 'pp_node0')).toBe(true);
    const paged = (await api.call('GET', `${project}/jobs/?limit=5&offset=5`, poll)).json().jobs;
    expect(paged).toHaveLength(2);
  });

  it('matches keys anywhere in the document tree (command inside job_actions)', async () => {
    await api.call(
      'POST',
      `${project}/jobs`,
      execJob('pp_other', { job_actions: [{ freezer_action: { action: 'exec', command: 'special' } }] }),
    );
    const found = (
      await api.call('GET', `${project}/jobs?limit=-1`, { match: [{ command: 'special' }] })
    ).json().jobs;
    expect(found.map((j: { client_id: string }) => j.client_id)).toEqual(['pp_other']);
  });

  it('?search= works for browsers, the body wins, and _all lists are expanded', async () => {
    const q = encodeURIComponent(JSON.stringify({ match: [{ client_id: 'pp_node1' }] }));
    const viaQuery = (await api.call('GET', `${project}/jobs?limit=-1&search=${q}`)).json().jobs;
    expect(viaQuery).toHaveLength(8);
    const bodyWins = (
      await api.call('GET', `${project}/jobs?limit=-1&search=${q}`, { match: [{ client_id: 'pp_node2' }] })
    ).json().jobs;
    expect(bodyWins.every((j: { client_id: string }) => j.client_id === 'pp_node2')).toBe(true);
    const all = (
      await api.call('GET', `${project}/jobs?limit=-1`, { match: [{ _all: '[{"client_id": "pp_node1"}]' }] })
    ).json().jobs;
    expect(all).toHaveLength(8);
  });

  it('rows are scoped by project and by X-User-Id', async () => {
    expect((await api.call('GET', '/v2/elsewhere/jobs')).json()).toEqual({ jobs: [] });
    expect((await api.call('GET', `${project}/jobs`, undefined, { 'x-user-id': 'someone' })).json()).toEqual({
      jobs: [],
    });
  });
});
