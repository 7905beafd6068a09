import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, execJob, fsBackupAction, startTestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('clients', () => {
  it('registers with capabilities, lists, heartbeats, deletes', async () => {
    const res = await api.call('POST', '/v2/p1/clients/', {
      client_id: 'p1_host1',
      hostname: 'host1',
      description: 'd1',
      version: '0.1.0',
      supported_actions: ['backup', 'restore'],
      ignored_key: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ client_id: 'p1_host1' });
    const doc = (await api.call('GET', '/v2/p1/clients/p1_host1')).json();
    expect(doc).toMatchObject({ project_id: 'p1', user_id: 'admin' });
    expect(doc.client).toMatchObject({
      client_id: 'p1_host1',
      hostname: 'host1',
      description: 'd1',
      version: '0.1.0',
      supported_actions: ['backup', 'restore'],
      last_seen: api.clock.now,
      registered_at: api.clock.now,
    });
    expect(doc.client.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.client.ignored_key).toBeUndefined();

    api.clock.now += 500;
    expect(
      (await api.call('POST', '/v2/p1/clients/p1_host1/heartbeat', { version: '0.2.0' })).statusCode,
    ).toBe(204);
    expect((await api.call('POST', '/v2/p1/clients/p1_host1/heartbeat')).statusCode).toBe(204);
    const after = (await api.call('GET', '/v2/p1/clients/p1_host1')).json().client;
    expect(after).toMatchObject({
      version: '0.2.0',
      last_seen: api.clock.now,
      registered_at: api.clock.now - 500,
    });

    await api.call('POST', '/v2/p1/clients', { client_id: 'p1_host2', hostname: 'host2' });
    const list = (await api.call('GET', '/v2/p1/clients/?limit=100&offset=0')).json().clients;
    expect(list.map((c: { client: { client_id: string } }) => c.client.client_id)).toEqual([
      'p1_host1',
      'p1_host2',
    ]);
    const searched = (await api.call('GET', '/v2/p1/clients', { match: [{ hostname: 'host2' }] })).json()
      .clients;
    expect(searched).toHaveLength(1);
    expect((await api.call('DELETE', '/v2/p1/clients/p1_host2')).statusCode).toBe(204);
    expect((await api.call('GET', '/v2/p1/clients/p1_host2')).statusCode).toBe(404);
    expect((await api.call('PATCH', '/v2/p1/clients/p1_host1', {})).statusCode).toBe(405);
  });
});

describe('actions', () => {
  it('creates (honouring action_id), patches given keys, replaces, deletes', async () => {
    const res = await api.call('POST', '/v2/p1/actions/', {
      action_id: 'myaction',
      freezer_action: fsBackupAction(),
      max_retries: 3,
      max_retries_interval: 10,
      mandatory: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ action_id: 'myaction' });
    expect(
      (await api.call('POST', '/v2/p1/actions', { action_id: 'myaction', freezer_action: {} })).statusCode,
    ).toBe(409);
    const doc = (await api.call('GET', '/v2/p1/actions/myaction')).json();
    expect(doc).toMatchObject({
      action_id: 'myaction',
      max_retries: 3,
      max_retries_interval: 10,
      mandatory: true,
      timeout: null,
    });
    expect(doc.freezer_action).toMatchObject({ action: 'backup', log_file: null, priority: null });

    expect(
      (await api.call('PATCH', '/v2/p1/actions/myaction', { freezer_action: { action: 'info' } })).json(),
    ).toEqual({ action_id: 'myaction', version: 2 });
    const patched = (await api.call('GET', '/v2/p1/actions/myaction')).json();
    expect(patched.max_retries).toBe(3);
    expect(patched.freezer_action.action).toBe('info');
    expect(
      (await api.call('PATCH', '/v2/p1/actions/myaction', { max_retries: 1, _version: 1 })).statusCode,
    ).toBe(409);
    expect(
      (
        await api.call('POST', '/v2/p1/actions/myaction', {
          freezer_action: { action: 'exec', command: 'x' },
        })
      ).json(),
    ).toEqual({ action_id: 'myaction', version: 3 });
    expect(
      (await api.call('GET', '/v2/p1/actions?limit=-1', { match: [{ command: 'x' }] })).json().actions,
    ).toHaveLength(1);
    expect((await api.call('DELETE', '/v2/p1/actions/myaction')).statusCode).toBe(204);
    expect((await api.call('GET', '/v2/p1/actions/myaction')).statusCode).toBe(404);
    expect((await api.call('PATCH', '/v2/p1/actions/myaction', { max_retries: 1 })).statusCode).toBe(404);
  });
});

describe('backups', () => {
  const meta = {
    container: '/tmp/backups',
    hostname: 'host1',
    backup_name: 'b1',
    time_stamp: 1700000000,
    curr_backup_level: 0,
    always_level: '',
    ssh_port: 22,
    dry_run: '',
  };

  it('stores stock agent metadata as-is and lists it', async () => {
    const res = await api.call(
      'POST',
      '/v2/p1/backups/',
      { ...meta, job_id: 'j123' },
      { 'x-user-name': 'alice' },
    );
    expect(res.statusCode).toBe(201);
    const { backup_id } = res.json();
    const doc = (await api.call('GET', `/v2/p1/backups/${backup_id}`)).json();
    expect(doc).toEqual({
      project_id: 'p1',
      user_id: 'admin',
      backup_id,
      user_name: 'alice',
      backup_metadata: { ...meta, job_id: 'j123' },
    });
    expect(
      (await api.call('GET', '/v2/p1/backups', { match: [{ job_id: 'j123' }] })).json().backups,
    ).toHaveLength(1);
    expect((await api.call('DELETE', `/v2/p1/backups/${backup_id}`)).statusCode).toBe(204);
    expect((await api.call('GET', `/v2/p1/backups/${backup_id}`)).statusCode).toBe(404);
  });

  it('a repeated backup_uuid returns the existing backup; time_stamp defaults to now', async () => {
    const body = {
      container: 'c',
      hostname: 'h',
      backup_name: 'b',
      backup_uuid: 'h_b/1700000000/0_1700000000',
      bytes_stored: 1000,
      result: 'success',
    };
    const a = (await api.call('POST', '/v2/p1/backups', body)).json().backup_id;
    const b = await api.call('POST', '/v2/p1/backups', body);
    expect(b.statusCode).toBe(201);
    expect(b.json().backup_id).toBe(a);
    const list = (
      await api.call('GET', '/v2/p1/backups?limit=-1', { match: [{ backup_uuid: body.backup_uuid }] })
    ).json().backups;
    expect(list).toHaveLength(1);
    expect(list[0].backup_metadata.time_stamp).toBe(api.clock.now);
  });
});

describe('runs, metrics, projects', () => {
  it('records runs idempotently and lists them newest first', async () => {
    const { job_id } = (await api.call('POST', '/v2/pm/jobs', execJob('pm_host1'))).json();
    const run = (id: string, t: number, result: string) => ({
      run_id: id,
      time_started: t,
      time_ended: t + 5,
      result,
      actions: [
        {
          action: 'backup',
          mode: 'fs',
          exit_code: result === 'success' ? 0 : 1,
          result,
          attempts: 1,
          time_started: t,
          time_ended: t + 5,
          metadata: { backup_name: 'b', bytes_stored: 10 },
        },
      ],
    });
    const now = api.clock.now;
    const first = await api.call('POST', `/v2/pm/jobs/${job_id}/runs`, run('run-1', now - 100, 'success'));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ run_id: 'run-1' });
    const again = await api.call('POST', `/v2/pm/jobs/${job_id}/runs`, run('run-1', now - 100, 'success'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ run_id: 'run-1' });
    await api.call('POST', `/v2/pm/jobs/${job_id}/runs`, run('run-2', now - 50, 'fail'));
    await api.call('POST', `/v2/pm/jobs/${job_id}/runs`, run('run-old', now - 3 * 86400, 'success'));

    const runs = (await api.call('GET', `/v2/pm/jobs/${job_id}/runs?limit=10`)).json().runs;
    expect(runs.map((r: { run_id: string }) => r.run_id)).toEqual(['run-2', 'run-1', 'run-old']);
    expect(runs[0]).toMatchObject({ job_id, client_id: 'pm_host1', project_id: 'pm', recorded_at: now });
    const recent = (await api.call('GET', `/v2/pm/runs?since=${now - 86400}`)).json().runs;
    expect(recent.map((r: { run_id: string }) => r.run_id)).toEqual(['run-2', 'run-1']);
    expect((await api.call('GET', `/v2/pm/runs?limit=1&offset=1`)).json().runs[0].run_id).toBe('run-1');

    await api.call('POST', '/v2/pm/clients', { client_id: 'pm_host1' });
    await api.call('POST', '/v2/pm/clients', { client_id: 'pm_host2' });
    api.clock.now += 200;
    await api.call('POST', '/v2/pm/clients/pm_host2/heartbeat', {});
    await api.call('POST', '/v2/pm/backups', {
      container: 'c',
      hostname: 'h',
      backup_name: 'b',
      bytes_stored: 300,
      time_stamp: now,
    });
    await api.call('POST', '/v2/pm/backups', {
      container: 'c',
      hostname: 'h',
      backup_name: 'b',
      bytes_stored: 5,
      result: 'fail',
      time_stamp: now,
    });
    await api.call('POST', '/v2/pm/sessions', { schedule: {} });

    const summary = (await api.call('GET', '/v2/pm/metrics/summary')).json();
    expect(summary).toEqual({
      clients: { total: 2, online: 1, stale: 1 },
      jobs: { total: 1, by_status: { '': 1 }, by_result: { '': 1 } },
      sessions: { total: 1 },
      backups: { total: 2, bytes_stored: 305 },
      runs_24h: { total: 2, success: 1, fail: 1, success_rate: 0.5 },
    });
    expect((await api.call('GET', '/v2/pm/metrics/summary?stale_after=1000')).json().clients).toEqual({
      total: 2,
      online: 2,
      stale: 0,
    });

    const series = (await api.call('GET', '/v2/pm/metrics/timeseries?days=7')).json().days;
    expect(series).toHaveLength(7);
    const today = new Date(now * 1000).toISOString().slice(0, 10);
    const entry = series.find((d: { date: string }) => d.date === today);
    expect(entry).toEqual({
      date: today,
      backups_success: 1,
      backups_fail: 1,
      bytes_stored: 305,
      runs_success: 1,
      runs_fail: 1,
    });

    expect((await api.call('GET', '/v2/projects')).json().projects).toEqual(['default', 'p1', 'pm']);
  });
});

describe('v1 routes use project "default"', () => {
  it('serves the same resources without a project in the path', async () => {
    const { job_id } = (await api.call('POST', '/v1/jobs/', execJob('host9'))).json();
    expect((await api.call('GET', `/v1/jobs/${job_id}`)).json().project_id).toBe('default');
    expect(
      (await api.call('GET', '/v2/default/jobs')).json().jobs.map((j: { job_id: string }) => j.job_id),
    ).toContain(job_id);
    expect((await api.call('POST', `/v1/jobs/${job_id}/event`, { stop: null })).statusCode).toBe(202);
  });
});
