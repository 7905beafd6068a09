import { type JobProgress, PROGRESS_INTERVAL_HEADER } from '@freezer/schema';
import { request } from 'node:http';
import { openStore } from '@freezer/store';
import { createDatabase } from '@freezer/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { ProgressHub } from '../src/progress/progress-hub.js';
import { ProgressPacing } from '../src/progress/progress-pacing.js';
import { type TestApi, execJob, startTestApi } from './helpers.js';
import { progressEvent } from './support/progress-event.js';
import { listenOnLoopback } from './support/raw-http.js';

const event = progressEvent;

const progress = (jobId: string, at: number): JobProgress => ({
  ...event(1),
  job_id: jobId,
  received_at: at,
});

/** A hub and the pacing over it, on one hand-moved clock. */
function paced(options: { budget?: number } = {}) {
  const clock = { now: 1_000_000 };
  const hub = new ProgressHub({ now: () => clock.now });
  const pacing = new ProgressPacing(hub, { ...options, now: () => clock.now });
  const report = (project: string, jobs: number, from = 0) => {
    for (let i = from; i < from + jobs; i++) hub.put(project, progress(`job-${i}`, clock.now));
  };
  const watch = (project: string) => hub.subscribe(project, { send: () => undefined, end: () => undefined });
  return { clock, hub, pacing, report, watch };
}

describe('ProgressPacing', () => {
  it('asks for 30 s while nobody watches and 2 s while a dashboard holds an event stream open', () => {
    const { pacing, report, watch } = paced();
    report('p', 1);
    expect(pacing.intervalFor('p')).toBe(30);
    const unwatch = watch('p');
    expect(pacing.intervalFor('p')).toBe(2);
    expect(pacing.intervalFor('other')).toBe(30);
    unwatch();
    expect(pacing.intervalFor('p')).toBe(30);
  });

  it('counts a poll of the progress as watching for 30 s', () => {
    const { clock, pacing } = paced();
    pacing.polled('p');
    clock.now += 30_000;
    expect(pacing.intervalFor('p')).toBe(2);
    clock.now += 1;
    expect(pacing.intervalFor('p')).toBe(30);
  });

  it('spreads the budget over the nodes reporting deployment-wide: max(2 s, reporters / budget), rounded up', () => {
    const { clock, pacing, report, watch } = paced({ budget: 100 });
    watch('p');
    report('p', 150);
    expect(pacing.intervalFor('p')).toBe(2);
    // Another project's nodes share the same budget; the count is taken again a second later.
    report('q', 850, 150);
    expect(pacing.intervalFor('p')).toBe(2);
    clock.now += 1000;
    expect(pacing.reporters()).toBe(1000);
    expect(pacing.intervalFor('p')).toBe(10);
    // Unwatched projects get the longer of 30 s and the budget's share.
    expect(pacing.intervalFor('q')).toBe(30);
    report('q', 4000, 1000);
    clock.now += 1000;
    expect(pacing.intervalFor('q')).toBe(50);
    // Beyond 60 s a node would be told nothing useful: the advice stops at the bound.
    report('q', 10_000, 5000);
    clock.now += 1000;
    expect(pacing.intervalFor('p')).toBe(60);
  });

  it('stops counting nodes not heard from for a minute', () => {
    const { clock, pacing, report, watch } = paced({ budget: 10 });
    watch('p');
    report('p', 100);
    expect(pacing.intervalFor('p')).toBe(10);
    clock.now += 40_000;
    report('p', 30, 100);
    clock.now += 20_001;
    // The first 100 are 60.001 s old: only the 30 recent ones count.
    expect(pacing.reporters()).toBe(30);
    expect(pacing.intervalFor('p')).toBe(3);
  });

  it('tells the followers of a project when a dashboard starts watching it, not for later ones', () => {
    const { pacing, watch } = paced();
    const told: string[] = [];
    const stop = pacing.follow('p', () => told.push('p'));
    pacing.follow('q', () => told.push('q'));
    watch('p');
    watch('p');
    expect(told).toEqual(['p']);
    pacing.polled('q');
    pacing.polled('q');
    expect(told).toEqual(['p', 'q']);
    stop();
    watch('p')();
    expect(told).toEqual(['p', 'q']);
  });

  it('refuses a budget that is not a positive number', () => {
    const hub = new ProgressHub();
    expect(() => new ProgressPacing(hub, { budget: 0 })).toThrow(/positive/);
  });
});

/** The reply lines of a streamed request, as they arrive, while the test writes its lines. */
function openStream(port: number, path: string) {
  const lines: string[] = [];
  let headers: Record<string, string | string[] | undefined> = {};
  let status = 0;
  let carry = '';
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
  });
  const answered = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        const parts = (carry + d).split('\n');
        carry = parts.pop() ?? '';
        lines.push(...parts);
      });
      resolve();
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return {
    lines,
    answered,
    status: () => status,
    header: (name: string) => headers[name],
    write: (bytes: number) => req.write(`${JSON.stringify(event(bytes))}\n`),
    end: () => req.end(),
  };
}

// The API's advice reaches the node on every progress answer: a post's header, a stream's headers
// and control lines.
describe('progress pacing on the wire', { timeout: 60_000 }, () => {
  let api: TestApi;
  let port: number;
  let jobId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const made = await api.call('POST', '/v2/p1/jobs', execJob('c1'));
    jobId = made.json().job_id as string;
    port = await listenOnLoopback(api.app);
  });
  afterAll(async () => api?.close());

  const post = (path: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event(1)),
    });

  it("answers a post with the interval: 30 s unwatched, 2 s once the project's progress is polled", async () => {
    const lane0 = api.app.progressLane?.answered ?? 0;
    const unwatched = await post(`/v2/p1/jobs/${jobId}/progress`);
    expect(unwatched.status).toBe(204);
    expect(unwatched.headers.get(PROGRESS_INTERVAL_HEADER)).toBe('30');
    expect(api.app.progressLane?.answered).toBe(lane0 + 1);
    const polled = await fetch(`http://127.0.0.1:${port}/v2/p1/progress`);
    expect(polled.status).toBe(200);
    const watched = await post(`/v2/p1/jobs/${jobId}/progress`);
    expect(watched.headers.get(PROGRESS_INTERVAL_HEADER)).toBe('2');
    // Another project is not watched by that poll.
    const other = await api.call('POST', '/v2/p2/jobs', execJob('c9'));
    const otherId = other.json().job_id as string;
    expect((await post(`/v2/p2/jobs/${otherId}/progress`)).headers.get(PROGRESS_INTERVAL_HEADER)).toBe('30');
  });

  it('says it on the Fastify path too (inject() skips the lane), and not on a refusal', async () => {
    const routed = await api.call('POST', `/v2/p3/jobs/${jobId}/progress`, event(5));
    expect(routed.statusCode).toBe(404);
    expect(routed.headers[PROGRESS_INTERVAL_HEADER]).toBeUndefined();
    const made = await api.call('POST', '/v2/p3/jobs', execJob('c3'));
    const id = made.json().job_id as string;
    const kept = await api.call('POST', `/v2/p3/jobs/${id}/progress`, event(5));
    expect(kept.statusCode).toBe(204);
    expect(kept.headers[PROGRESS_INTERVAL_HEADER]).toBe('30');
  });

  it('streams: the interval in the response headers, then a control line when a dashboard starts watching', async () => {
    const made = await api.call('POST', '/v2/p4/jobs', execJob('c4'));
    const id = made.json().job_id as string;
    const s = openStream(port, `/v2/p4/jobs/${id}/progress`);
    s.write(1);
    await s.answered;
    expect(s.status()).toBe(200);
    expect(s.header(PROGRESS_INTERVAL_HEADER)).toBe('30');
    // A dashboard opens the project's event stream: the node is told at once, before its next line.
    const events = await fetch(`http://127.0.0.1:${port}/v2/p4/events`);
    await vi.waitFor(() => expect(s.lines).toEqual(['{"progress_interval":2}']));
    await events.body?.cancel();
    // Unwatched again: said at the node's next line.
    await vi.waitFor(() => expect(api.app.progressHub.watched('p4')).toBe(false));
    s.write(2);
    await vi.waitFor(() => expect(s.lines.at(-1)).toBe('{"progress_interval":30}'));
    s.end();
    await vi.waitFor(() => expect(s.lines.at(-1)).toBe('{"accepted":2}'));
  });
});

// Behind a balancer a node's stream and a dashboard may reach different replicas: on PostgreSQL a
// replica whose dashboard watches says so through the progress channel, and the others ask their
// nodes for the watched pace. One process on SQLite has nobody to tell.
describe('pacing across replicas', { timeout: 60_000 }, () => {
  const pgUrl = inject('freezerPgUrl');

  it.runIf(pgUrl === undefined)('SQLite: one process, the feed is not shared', async () => {
    const api = await startTestApi();
    expect(api.app.progressFeed.shared).toBe(false);
    await api.close();
  });

  it.runIf(pgUrl !== undefined)(
    'PostgreSQL: a poll on one replica makes the other ask its nodes for 2 s, and for 30 s once it stops',
    async () => {
      const url = await createDatabase(pgUrl as string);
      const stores = [await openStore({ url, poolSize: 2 }), await openStore({ url, poolSize: 2 })];
      const [a, b] = (await Promise.all(stores.map((store) => buildApp({ store })))) as [
        FastifyInstance,
        FastifyInstance,
      ];
      try {
        expect(a.progressFeed.shared).toBe(true);
        expect(a.progressPacing.intervalFor('p1')).toBe(30);
        const polled = await b.inject({ method: 'GET', url: '/v2/p1/progress' });
        expect(polled.statusCode).toBe(200);
        await vi.waitFor(() => expect(a.progressPacing.intervalFor('p1')).toBe(2), { timeout: 10_000 });
        expect(a.progressPacing.intervalFor('p2')).toBe(30);
      } finally {
        await a.close();
        await b.close();
        for (const store of stores) await store.close();
      }
    },
  );
});
