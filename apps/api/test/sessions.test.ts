import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, execJob, startTestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function sessionWithJobs(n: number, holdOff = 5) {
  const res = await api.call('POST', '/v2/p1/sessions/', {
    description: 's1',
    hold_off: holdOff,
    schedule: { schedule_interval: '10 minutes' },
  });
  expect(res.statusCode).toBe(201);
  const { session_id } = res.json();
  const jobs: string[] = [];
  for (let i = 0; i < n; i++) {
    const { job_id } = (await api.call('POST', '/v2/p1/jobs', execJob(`p1_h${i}`))).json();
    expect((await api.call('PUT', `/v2/p1/sessions/${session_id}/jobs/${job_id}`)).statusCode).toBe(204);
    jobs.push(job_id);
  }
  return { session_id, jobs };
}

describe('sessions', () => {
  it('creates with stock defaults and reads back', async () => {
    const { session_id } = (await api.call('POST', '/v2/p1/sessions', { schedule: {} })).json();
    const doc = (await api.call('GET', `/v2/p1/sessions/${session_id}`)).json();
    expect(doc).toMatchObject({
      session_tag: 0,
      hold_off: 30,
      status: 'active',
      result: null,
      time_start: -1,
      time_end: -1,
      schedule: {},
    });
    expect(doc.jobs).toBeUndefined();
  });

  it('adding a job gives it the session schedule (keeping time_created); removing stops it', async () => {
    const { session_id, jobs } = await sessionWithJobs(1);
    const job = (await api.call('GET', `/v2/p1/jobs/${jobs[0]}`)).json();
    expect(job.session_id).toBe(session_id);
    expect(job.job_schedule).toEqual({ schedule_interval: '10 minutes', time_created: api.clock.now });
    const session = (await api.call('GET', `/v2/p1/sessions/${session_id}`)).json();
    expect(session.jobs[jobs[0] as string]).toEqual({
      client_id: 'p1_h0',
      status: '',
      result: '',
      time_started: -1,
      time_ended: -1,
    });
    expect((await api.call('DELETE', `/v2/p1/sessions/${session_id}/jobs/${jobs[0]}`)).statusCode).toBe(204);
    const after = (await api.call('GET', `/v2/p1/jobs/${jobs[0]}`)).json();
    expect(after).toMatchObject({ session_id: '', session_tag: 0 });
    expect(after.job_schedule).toMatchObject({ schedule_interval: '10 minutes', event: 'stop' });
    expect((await api.call('GET', `/v2/p1/sessions/${session_id}`)).json().jobs).toEqual({});
  });

  it('start/end follow the tag protocol, including stale and too-high tags', async () => {
    const { session_id, jobs } = await sessionWithJobs(2, 5);
    const [a, b] = jobs as [string, string];
    const act = (body: unknown) => api.call('POST', `/v2/p1/sessions/${session_id}/action`, body);

    const tooHigh = await act({ start: { job_id: a, current_tag: 5 } });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().description).toBe('requested tag value too high. Session Tag: 0 Job Tag: 5');

    const first = await act({ start: { job_id: a, current_tag: 0 } });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ result: 'success', session_tag: 1 });
    // the other job, still on the old tag (the CLI sends it as a string), joins inside the hold-off
    expect((await act({ start: { job_id: b, current_tag: '0' } })).json()).toEqual({
      result: 'success',
      session_tag: 1,
    });
    // same tag inside the hold-off window → hold-off
    expect((await act({ start: { job_id: a, current_tag: 1 } })).json()).toEqual({
      result: 'hold-off',
      session_tag: 1,
    });
    api.clock.now += 60;
    // a stale tag outside the hold-off window is out of sync
    expect((await act({ start: { job_id: b, current_tag: 0 } })).json()).toEqual({
      result: 'out-of-sync',
      session_tag: 1,
    });

    expect((await act({ end: { job_id: a, current_tag: 1, result: 'success' } })).json()).toEqual({
      result: 'success',
      session_tag: 1,
    });
    expect((await api.call('GET', `/v2/p1/sessions/${session_id}`)).json().status).toBe('running');
    await act({ end: { job_id: b, current_tag: 1, result: 'fail' } });
    const done = (await api.call('GET', `/v2/p1/sessions/${session_id}`)).json();
    expect(done).toMatchObject({ status: 'completed', result: 'fail', time_end: api.clock.now });
  });

  it('PATCH merges jobs, honours _version, POST-to-id replaces, DELETE is 204', async () => {
    const { session_id } = (await api.call('POST', '/v2/p1/sessions', { schedule: {} })).json();
    expect(
      (
        await api.call('PATCH', `/v2/p1/sessions/${session_id}`, {
          description: 'd',
          jobs: { x: { status: 'running' } },
        })
      ).json(),
    ).toEqual({ session_id, version: 2 });
    expect((await api.call('PATCH', `/v2/p1/sessions/${session_id}`, { jobs: { y: {} } })).statusCode).toBe(
      200,
    );
    const doc = (await api.call('GET', `/v2/p1/sessions/${session_id}`)).json();
    expect(doc.description).toBe('d');
    expect(Object.keys(doc.jobs)).toEqual(['x', 'y']);
    expect(
      (await api.call('PATCH', `/v2/p1/sessions/${session_id}`, { description: 'z', _version: 1 }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await api.call('POST', `/v2/p1/sessions/${session_id}`, { schedule: { schedule_interval: '1 days' } })
      ).json(),
    ).toEqual({ session_id, version: 4 });
    expect((await api.call('PATCH', '/v2/p1/sessions/nope', { description: 'x' })).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v2/p1/sessions/${session_id}`)).statusCode).toBe(204);
    expect((await api.call('GET', `/v2/p1/sessions/${session_id}`)).statusCode).toBe(404);
  });

  it('lists sessions', async () => {
    const list = (await api.call('GET', '/v2/p1/sessions?limit=100')).json().sessions;
    expect(list.length).toBeGreaterThanOrEqual(3);
  });
});
