import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFixture, startAuthFixture } from './support/auth-fixture.js';
import { type TestApi, execJob, startTestApi } from './helpers.js';

/** `name{labels}` in any label order (Prometheus reads labels as a set). */
function seriesKey(series: string): string {
  const brace = series.indexOf('{');
  if (brace < 0) return series;
  const labels = series.slice(brace + 1, -1).match(/[a-z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
  return `${series.slice(0, brace)}{${labels.sort().join(',')}}`;
}

/** `name{labels} value` → value, or undefined when the series is absent. */
function sampleOf(text: string, series: string): number | undefined {
  const want = seriesKey(series);
  for (const line of text.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (!line.startsWith('#') && space > 0 && seriesKey(line.slice(0, space)) === want)
      return Number(line.slice(space + 1));
  }
  return undefined;
}

describe('Prometheus /metrics', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('exposes request rates and latencies, jobs by status, backups and bytes by result, heartbeat age', async () => {
    await api.call('POST', '/v2/p1/clients', { client_id: 'c1' });
    const job = (await api.call('POST', '/v2/p1/jobs', execJob('c1'))).json().job_id;
    await api.call('PATCH', `/v2/p1/jobs/${job}`, { job_schedule: { status: 'running' } });
    await api.call('POST', '/v2/p1/jobs', execJob('c1', { job_schedule: { status: 'scheduled' } }));
    const b = { container: '/b', hostname: 'h', backup_name: 'n', level: 0 };
    await api.call('POST', '/v2/p1/backups', {
      ...b,
      backup_uuid: 'u1',
      bytes_stored: 1000,
      result: 'success',
    });
    await api.call('POST', '/v2/p1/backups', {
      ...b,
      backup_uuid: 'u2',
      bytes_stored: 500,
      result: 'success',
    });
    await api.call('POST', '/v2/p1/backups', { ...b, backup_uuid: 'u3', bytes_stored: 7, result: 'fail' });
    for (let i = 0; i < 3; i++) await api.call('GET', '/v2/p1/jobs');
    api.clock.now += 120;

    const res = await api.call('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(
      sampleOf(text, 'freezer_http_requests_total{method="GET",route="/v2/:project_id/jobs",status="200"}'),
    ).toBe(3);
    expect(
      sampleOf(
        text,
        'freezer_http_requests_total{method="POST",route="/v2/:project_id/backups",status="201"}',
      ),
    ).toBe(3);
    expect(
      sampleOf(
        text,
        'freezer_http_request_duration_seconds_count{method="GET",route="/v2/:project_id/jobs"}',
      ),
    ).toBe(3);
    expect(
      sampleOf(
        text,
        'freezer_http_request_duration_seconds_bucket{method="GET",route="/v2/:project_id/jobs",le="+Inf"}',
      ),
    ).toBe(3);
    expect(text).toMatch(/# TYPE freezer_http_request_duration_seconds histogram/);
    expect(sampleOf(text, 'freezer_jobs{project="p1",status="running"}')).toBe(1);
    expect(sampleOf(text, 'freezer_jobs{project="p1",status="scheduled"}')).toBe(1);
    expect(sampleOf(text, 'freezer_backups{project="p1",result="success"}')).toBe(2);
    expect(sampleOf(text, 'freezer_backups{project="p1",result="fail"}')).toBe(1);
    expect(sampleOf(text, 'freezer_backup_bytes{project="p1",result="success"}')).toBe(1500);
    expect(sampleOf(text, 'freezer_client_heartbeat_age_seconds{project="p1",client_id="c1"}')).toBe(120);
  });

  it('exposes the process and Node runtime metrics and the scheduler-facing counts', async () => {
    await api.call('POST', '/v2/p1/clients/c1/heartbeat', {});
    const before = (await api.call('GET', '/metrics')).body;
    const polls = sampleOf(before, 'freezer_scheduler_requests_total{kind="poll"}') ?? 0;
    await api.call('GET', '/v2/p1/jobs');
    await api.call('GET', '/v1/jobs');
    const text = (await api.call('GET', '/metrics')).body;
    expect(sampleOf(text, 'freezer_scheduler_requests_total{kind="poll"}')).toBe(polls + 2);
    expect(sampleOf(text, 'freezer_scheduler_requests_total{kind="heartbeat"}')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sampleOf(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sampleOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_p99_seconds gauge$/m);
    expect(text).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);
  });
});

describe('limits and headers with auth on', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await startAuthFixture({ requestsPerMinute: 8, callerBodyLimit: 600 });
  }, 60_000);
  afterAll(() => f.api.close());

  it('/metrics needs a global admin: anonymous 401, project member 403, admin token 200', async () => {
    expect((await f.api.call('GET', '/metrics')).statusCode).toBe(401);
    expect((await f.asToken(f.tokens.p1Member, 'GET', '/metrics')).statusCode).toBe(403);
    const token = (
      await f.asSession(f.admin, 'POST', '/auth/tokens', {
        name: 'prometheus',
        project_id: 'ops',
        role: 'admin',
      })
    ).json().token;
    const res = await f.api.call('GET', '/metrics', undefined, { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/freezer_login_failures_total \d+/);
  });

  it('rate limit per token: the 9th request in a minute is 429 with Retry-After; another token is unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await f.asToken(f.tokens.p2Member, 'GET', '/v2/p2/jobs')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const limited = await f.asToken(f.tokens.p2Member, 'GET', '/v2/p2/jobs');
    expect(limited.json().description).toMatch(
      /^rate limit of 8 requests per minute exceeded for this token; retry in \d+ s$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await f.asToken(f.tokens.p1Reader, 'GET', '/v2/p1/jobs')).statusCode).toBe(200);
  });

  it('body-size limit per caller: 413 beyond it, for tokens and anonymous callers', async () => {
    const big = execJob('c1', { description: 'x'.repeat(700) });
    const res = await f.asToken(f.tokens.p1Member, 'POST', '/v2/p1/jobs', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().description).toMatch(/larger than the 600 bytes allowed to this caller/);
    const login = await f.api.call('POST', '/auth/login', { username: 'x'.repeat(20_000), password: 'y' });
    expect(login.statusCode).toBe(413);
  });

  it('security headers on API replies', async () => {
    const res = await f.api.call('GET', '/healthz');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
  });
});

describe('web UI security headers', () => {
  it('the web app page carries a strict Content-Security-Policy', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'fz-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>freezer</title>');
    const api = await startTestApi({ webRoot });
    try {
      const res = await api.call('GET', '/', undefined, { accept: 'text/html' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'; ?script-src 'self';/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      const deep = await api.call('GET', '/jobs/123', undefined, { accept: 'text/html' });
      expect(deep.headers['content-security-policy']).toBeDefined();
    } finally {
      await api.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
