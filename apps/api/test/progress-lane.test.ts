import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApi, execJob, startTestApi } from './helpers.js';
import { chunkedRequest, listenOnLoopback } from './support/raw-http.js';

const event = (bytes: number) => ({
  phase: 'backup',
  action: 'backup',
  files_done: 1,
  bytes_read: bytes,
  bytes_total: 1000,
  bytes_stored: bytes / 2,
  rate: 100,
  percent: bytes / 10,
  elapsed_seconds: bytes / 100,
});

interface Reply {
  status: number;
  headers: Headers;
  body: string;
}

/** A POST with a Host header of our choosing (fetch does not let a caller set Host). */
function postWithHost(port: number, path: string, host: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// The progress posts of a no-auth API skip the framework; every answer but the plain 204 must be
// the route's own. The same requests go to an API without the lane, and the replies are compared.
describe('progress lane (no auth)', () => {
  let laned: TestApi;
  let plain: TestApi;
  const ports = { laned: 0, plain: 0 };
  const jobs = { laned: '', plain: '' };

  const post = async (
    which: 'laned' | 'plain',
    path: string,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(`http://127.0.0.1:${ports[which]}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  /** The same request to both APIs (each with its own job id in the path): both replies. */
  const both = async (
    path: (jobId: string) => string,
    body: string | Buffer,
    headers?: Record<string, string>,
  ) => {
    const lanedBefore = laned.app.progressLane?.answered ?? 0;
    const a = await post('laned', path(jobs.laned), body, headers);
    const b = await post('plain', path(jobs.plain), body, headers);
    const answeredByLane = (laned.app.progressLane?.answered ?? 0) - lanedBefore;
    return { laned: a, plain: b, answeredByLane };
  };

  beforeAll(async () => {
    laned = await startTestApi();
    plain = await startTestApi({ progressLane: false });
    for (const [name, api] of [
      ['laned', laned],
      ['plain', plain],
    ] as const) {
      const made = await api.call('POST', '/v2/p1/jobs', execJob('c1'));
      expect(made.statusCode).toBe(201);
      jobs[name] = made.json().job_id as string;
      ports[name] = await listenOnLoopback(api.app);
    }
  }, 60_000);
  afterAll(async () => {
    await laned?.close();
    await plain?.close();
  });

  it('is on without auth and off when asked', () => {
    expect(laned.app.progressLane).toBeDefined();
    expect(plain.app.progressLane).toBeUndefined();
  });

  it("answers a known job's event itself: 204, the same headers, kept, pushed and counted", async () => {
    const r = await both((id) => `/v2/p1/jobs/${id}/progress`, JSON.stringify(event(100)));
    expect(r.answeredByLane).toBe(1);
    expect(r.laned.status).toBe(204);
    expect(r.plain.status).toBe(204);
    expect(r.laned.body).toBe('');
    const names = (h: Headers) => [...h.keys()].filter((n) => n !== 'date').sort();
    expect(names(r.laned.headers)).toEqual(names(r.plain.headers));
    expect(r.laned.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(r.laned.headers.get('x-content-type-options')).toBe('nosniff');
    // On PostgreSQL the event comes back through LISTEN/NOTIFY, a moment after the 204.
    await vi.waitFor(() =>
      expect(laned.app.progressHub.list('p1')).toEqual([
        expect.objectContaining({ job_id: jobs.laned, bytes_read: 100, percent: 10 }),
      ]),
    );
    const metrics = await laned.call('GET', '/metrics');
    expect(metrics.body).toMatch(/freezer_scheduler_requests_total\{kind="progress"\} 1\b/);
    expect(metrics.body).toMatch(
      /freezer_http_requests_total\{method="POST",route="\/v2\/:project_id\/jobs\/:job_id\/progress",status="204"\} 1\b/,
    );
  });

  it('takes /v1 paths as project "default"', async () => {
    const made = await laned.call('POST', '/v1/jobs', execJob('c1'));
    const id = made.json().job_id as string;
    const before = laned.app.progressLane?.answered ?? 0;
    const r = await post('laned', `/v1/jobs/${id}/progress`, JSON.stringify(event(300)));
    expect(r.status).toBe(204);
    expect(laned.app.progressLane?.answered).toBe(before + 1);
    await vi.waitFor(() => expect(laned.app.progressHub.list('default').map((p) => p.job_id)).toEqual([id]));
  });

  it('leaves bad bodies, unknown jobs and other projects’ jobs to the route: the same 400 and 404', async () => {
    const size = laned.app.progressHub.size;
    const cases: [string, (id: string) => string, string | Buffer][] = [
      ['malformed JSON', (id) => `/v2/p1/jobs/${id}/progress`, '{"phase":'],
      ['not UTF-8', (id) => `/v2/p1/jobs/${id}/progress`, Buffer.from([0x7b, 0xff, 0x7d])],
      ['out of range', (id) => `/v2/p1/jobs/${id}/progress`, JSON.stringify({ ...event(10), percent: 140 })],
      ['unknown field', (id) => `/v2/p1/jobs/${id}/progress`, JSON.stringify({ ...event(10), extra: 1 })],
      ['unknown phase', (id) => `/v2/p1/jobs/${id}/progress`, JSON.stringify({ phase: 'nap' })],
      ['nested deep', (id) => `/v2/p1/jobs/${id}/progress`, `${'['.repeat(100)}${']'.repeat(100)}`],
      ['unknown job', () => `/v2/p1/jobs/no-such-job/progress`, JSON.stringify(event(10))],
      ['another project', (id) => `/v2/p2/jobs/${id}/progress`, JSON.stringify(event(10))],
      ['bad job id', () => `/v2/p1/jobs/a.b/progress`, JSON.stringify(event(10))],
    ];
    for (const [what, path, body] of cases) {
      const r = await both(path, body);
      expect(r.answeredByLane, what).toBe(0);
      expect(r.laned.status, what).toBeGreaterThanOrEqual(400);
      expect(r.laned.status, what).toBeLessThan(500);
      expect({ status: r.laned.status, body: r.laned.body.replaceAll(jobs.laned, 'ID') }, what).toEqual({
        status: r.plain.status,
        body: r.plain.body.replaceAll(jobs.plain, 'ID'),
      });
      expect(r.laned.headers.get('content-type'), what).toBe(r.plain.headers.get('content-type'));
    }
    // A last good post, and the hub seen to hold it: whatever went before it has landed too.
    expect(
      (await post('laned', `/v2/p1/jobs/${jobs.laned}/progress`, JSON.stringify(event(800)))).status,
    ).toBe(204);
    await vi.waitFor(() => expect(laned.app.progressHub.list('p1')[0]).toMatchObject({ bytes_read: 800 }));
    expect(laned.app.progressHub.size).toBe(size);
    expect(laned.app.progressHub.list('p2')).toEqual([]);
  });

  it('leaves foreign hosts and browser origins to the loopback guard (403), chunked bodies to Fastify', async () => {
    const body = JSON.stringify(event(200));
    const before = laned.app.progressLane?.answered ?? 0;
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      const r = await post('laned', `/v2/p1/jobs/${jobs.laned}/progress`, body, headers);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ title: 'Forbidden' });
    }
    const path = `/v2/p1/jobs/${jobs.laned}/progress`;
    expect(await postWithHost(ports.laned, path, 'evil.example', body)).toBe(403);
    expect(await postWithHost(ports.laned, path, `localhost:${ports.laned}`, body)).toBe(204);
    expect(laned.app.progressLane?.answered).toBe(before + 1);
    const chunked = await chunkedRequest(ports.laned, 'POST', `/v2/p1/jobs/${jobs.laned}/progress`, [
      Buffer.from(body.slice(0, 20)),
      Buffer.from(body.slice(20)),
    ]);
    expect(chunked.status).toBe(204);
    expect(laned.app.progressLane?.answered).toBe(before + 1);
    await vi.waitFor(() => expect(laned.app.progressHub.list('p1')[0]).toMatchObject({ bytes_read: 200 }));
  });
});

describe('progress lane with auth', () => {
  it('is off: every post takes the hooks (tokens, roles, scheduler policy)', async () => {
    const api = await startTestApi({ auth: { enabled: true } });
    try {
      expect(api.app.progressLane).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('is off with a rate limit', async () => {
    const api = await startTestApi({ limits: { requestsPerMinute: 100 } });
    try {
      expect(api.app.progressLane).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
