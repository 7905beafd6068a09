import { JobProgress, JobProgressList } from '@freezer/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressHub } from '../src/progress/progress-hub.js';
import { sseFrame } from '../src/progress/sse-frame.js';
import { execJob } from './helpers.js';
import { type AuthFixture, type Login, startAuthFixture } from './support/auth-fixture.js';
import { listenOnLoopback } from './support/raw-http.js';

const event = (bytes: number) => ({
  phase: 'backup' as const,
  action: 'backup',
  files_done: 1,
  bytes_read: bytes,
  bytes_total: 1000,
  bytes_stored: bytes / 2,
  rate: 100,
  percent: bytes / 10,
  eta_seconds: (1000 - bytes) / 100,
  elapsed_seconds: bytes / 100,
});

describe('SSE framing', () => {
  it('frames an event with its name and one data line per line of text', () => {
    expect(sseFrame('progress', '{"a":1}')).toBe('event: progress\ndata: {"a":1}\n\n');
    expect(sseFrame('x', 'one\ntwo\r\nthree')).toBe('event: x\ndata: one\ndata: two\ndata: three\n\n');
  });
});

describe('ProgressHub', () => {
  const progress = (jobId: string, at: number): JobProgress => ({
    ...event(100),
    job_id: jobId,
    received_at: at,
  });

  it('keeps the latest per job, bounded: the least recently updated job goes first', () => {
    const hub = new ProgressHub({ maxJobs: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c']) hub.put('p', progress(id, 0));
    hub.put('p', { ...progress('a', 0), bytes_read: 999 });
    hub.put('p', progress('d', 0));
    expect(hub.size).toBe(3);
    expect(hub.list('p').map((p) => p.job_id)).toEqual(['c', 'a', 'd']);
    expect(hub.list('p').find((p) => p.job_id === 'a')?.bytes_read).toBe(999);
    expect(hub.list('other')).toEqual([]);
  });

  it('forgets jobs not heard from within the TTL', () => {
    const clock = { now: 10_000 };
    const hub = new ProgressHub({ ttlMs: 5000, now: () => clock.now });
    hub.put('p', progress('old', 4000));
    hub.put('p', progress('new', 9000));
    expect(hub.list('p').map((p) => p.job_id)).toEqual(['new']);
    expect(hub.knows('p', 'old')).toBe(false);
  });

  it("batches updates: one write per stream with each job's latest, none after unsubscribing", () => {
    const hub = new ProgressHub();
    const got: Buffer[][] = [[], [], []];
    const subs = got.map((into) => ({ send: (f: Buffer) => into.push(f), end: () => undefined }));
    const off0 = hub.subscribe('p', subs[0] as (typeof subs)[0]);
    hub.subscribe('p', subs[1] as (typeof subs)[0]);
    hub.subscribe('q', subs[2] as (typeof subs)[0]);
    hub.put('p', progress('j', Date.now()));
    hub.put('p', { ...progress('j', Date.now()), bytes_read: 555 });
    hub.put('p', progress('k', Date.now()));
    expect(got[0]).toEqual([]);
    hub.flush();
    off0();
    hub.put('p', progress('j', Date.now()));
    hub.flush();
    expect(got[0]).toHaveLength(1);
    expect(got[1]).toHaveLength(2);
    expect(got[2]).toEqual([]);
    expect(got[0]?.[0]).toBe(got[1]?.[0]);
    const frames = (got[0]?.[0]?.toString() ?? '').split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^event: progress\ndata: \{.*"bytes_read":555.*"job_id":"j"/);
    expect(frames[1]).toMatch(/"job_id":"k"/);
  });

  it('writes a batch to many streams a few per turn of the event loop, skipping streams closed meanwhile', async () => {
    const hub = new ProgressHub();
    const got: Buffer[][] = Array.from({ length: 20 }, () => []);
    const offs = got.map((into) => hub.subscribe('p', { send: (f) => into.push(f), end: () => undefined }));
    hub.put('p', progress('j', Date.now()));
    hub.flush();
    const atOnce = got.filter((g) => g.length === 1).length;
    expect(atOnce).toBeGreaterThan(0);
    expect(atOnce).toBeLessThan(20);
    offs[19]?.();
    await new Promise((r) => setTimeout(r, 50));
    expect(got.slice(0, 19).every((g) => g.length === 1)).toBe(true);
    expect(got[19]).toEqual([]);
    // One encoding for all: the very same bytes went to every stream.
    expect(new Set(got.slice(0, 19).map((g) => g[0])).size).toBe(1);
  });
});

// progress in (a scheduler token) → SSE and the poll out (web sessions), with the project rules.
describe('progress routes', () => {
  let f: AuthFixture;
  let alice: Login;
  let bob: Login;
  let jobId: string;
  let otherClientJob: string;
  let port: number;

  beforeAll(async () => {
    f = await startAuthFixture();
    alice = await f.login('alice');
    bob = await f.login('bob');
    const made = await f.asToken(f.tokens.p1Member, 'POST', '/v2/p1/jobs', execJob('c1'));
    expect(made.statusCode).toBe(201);
    jobId = made.json().job_id as string;
    const other = await f.asToken(f.tokens.p1Member, 'POST', '/v2/p1/jobs', execJob('c2'));
    otherClientJob = other.json().job_id as string;
    port = await listenOnLoopback(f.api.app);
  }, 60_000);
  afterAll(() => f.api.close());

  const post = (token: string, id: string, body: unknown) =>
    f.asToken(token, 'POST', `/v2/p1/jobs/${id}/progress`, body);

  it("takes a job's progress from its client's scheduler token and lists it to the project's members", async () => {
    expect((await post(f.tokens.p1SchedulerC1, jobId, event(100))).statusCode).toBe(204);
    const poll = await f.asSession(alice, 'GET', '/v2/p1/progress');
    expect(poll.statusCode).toBe(200);
    const list = JobProgressList.parse(poll.json());
    expect(list.progress).toHaveLength(1);
    expect(list.progress[0]).toMatchObject({ job_id: jobId, bytes_read: 100, percent: 10 });
    expect((await f.asSession(bob, 'GET', '/v2/p1/progress')).statusCode).toBe(403);
  });

  it('refuses unknown jobs, other clients’ jobs, readers and bad events without keeping anything', async () => {
    const before = f.api.app.progressHub.size;
    for (let i = 0; i < 50; i++) {
      expect((await post(f.tokens.p1Member, `no-such-job-${i}`, event(10))).statusCode).toBe(404);
    }
    expect((await post(f.tokens.p1SchedulerC1, otherClientJob, event(10))).statusCode).toBe(404);
    expect((await post(f.tokens.p1Reader, jobId, event(10))).statusCode).toBe(403);
    const bad = await post(f.tokens.p1SchedulerC1, jobId, { ...event(10), percent: 140 });
    expect(bad.statusCode).toBe(400);
    expect((await post(f.tokens.p1SchedulerC1, jobId, { phase: 'nap' })).statusCode).toBe(400);
    expect(f.api.app.progressHub.size).toBe(before);
  });

  it('pushes updates to an event stream opened with a web session, and refuses strangers', async () => {
    const url = `http://127.0.0.1:${port}/v2/p1/events`;
    expect((await fetch(url)).status).toBe(401);
    const stranger = await fetch(url, { headers: { cookie: bob.cookie } });
    expect(stranger.status).toBe(403);

    const abort = new AbortController();
    const res = await fetch(url, { headers: { cookie: alice.cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      const timer = setTimeout(() => abort.abort(), 10_000);
      try {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } finally {
        clearTimeout(timer);
      }
    };
    // The current state first (the 100 bytes posted above), then each update as it comes.
    await until(/"bytes_read":100/);
    expect(text.startsWith('retry: 3000\n\n')).toBe(true);
    expect((await post(f.tokens.p1SchedulerC1, jobId, event(700))).statusCode).toBe(204);
    await until(/"bytes_read":700/);
    const frames = text.split('\n\n').filter((b) => b.startsWith('event: progress'));
    const last = JobProgress.parse(JSON.parse((frames.at(-1) as string).split('data: ')[1] as string));
    expect(last).toMatchObject({ job_id: jobId, bytes_read: 700, percent: 70 });
    abort.abort();
  });
});
