// The drills routes over a real database (SQLite, and PostgreSQL in the @freezer/api-pg project): run
// records carrying drill actions become the drill history and the per-job "last proven restorable".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, execJob, startTestApi } from './helpers.js';
import { drillRun } from './support/drill-run.js';

let api: TestApi;
const P = '/v2/p1';

/** What the agent reports of a drill that restored. */
const REPORT = { restore_seconds: 2.5, bytes_restored: 1000 };

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /drills and /drills/latest', () => {
  it('keeps each drill with its run, per backup job the last one and the last success', async () => {
    const backup = (
      await api.call('POST', `${P}/jobs`, { ...execJob(), rpo_seconds: 3600, rto_seconds: 60 })
    ).json<{
      job_id: string;
    }>().job_id;
    const drillJob = (await api.call('POST', `${P}/jobs`, { ...execJob(), verifies_job_id: backup })).json<{
      job_id: string;
    }>().job_id;
    expect((await api.call('GET', `${P}/jobs/${backup}`)).json()).toMatchObject({
      rpo_seconds: 3600,
      rto_seconds: 60,
    });

    expect(
      (await api.call('POST', `${P}/jobs/${drillJob}/runs`, drillRun('r1', 100, 'success', REPORT)))
        .statusCode,
    ).toBe(201);
    const failed = drillRun('r2', 200, 'fail', {
      ...REPORT,
      error: 'restore failed: segment 0 of level 0_100: hash mismatch',
    });
    expect((await api.call('POST', `${P}/jobs/${drillJob}/runs`, failed)).statusCode).toBe(201);
    // A retry of the same run records nothing twice.
    expect((await api.call('POST', `${P}/jobs/${drillJob}/runs`, failed)).statusCode).toBe(200);

    const history = (await api.call('GET', `${P}/drills?job_id=${backup}`)).json<{
      drills: Record<string, unknown>[];
    }>();
    expect(history.drills.map((d) => [d.run_id, d.result, d.verified_job_id])).toEqual([
      ['r2', 'fail', backup],
      ['r1', 'success', backup],
    ]);
    expect(history.drills[0]).toMatchObject({
      error: 'restore failed: segment 0 of level 0_100: hash mismatch',
      client_id: 'p1_host1',
    });
    expect(history.drills[1]).toMatchObject({ restore_seconds: 2.5 });

    const latest = (await api.call('GET', `${P}/drills/latest`)).json<{
      jobs: Record<string, { run_id: string }>[];
    }>();
    expect(latest.jobs).toHaveLength(1);
    expect(latest.jobs[0]?.last?.run_id).toBe('r2');
    expect(latest.jobs[0]?.last_success?.run_id).toBe('r1');

    // Another project sees none of it; a PATCH with null clears a target.
    expect((await api.call('GET', '/v2/p2/drills/latest')).json()).toEqual({ jobs: [] });
    await api.call('PATCH', `${P}/jobs/${backup}`, { rpo_seconds: null });
    expect(
      (await api.call('GET', `${P}/jobs/${backup}`)).json<Record<string, unknown>>().rpo_seconds,
    ).toBeUndefined();
  });

  it('refuses a bad target or paging with a 400', async () => {
    expect((await api.call('POST', `${P}/jobs`, { ...execJob(), rto_seconds: 0 })).statusCode).toBe(400);
    expect((await api.call('GET', `${P}/drills?limit=abc`)).statusCode).toBe(400);
  });
});
