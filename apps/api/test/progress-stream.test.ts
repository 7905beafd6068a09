import { JobProgressList } from '@freezer/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProgressStream } from '../src/progress/progress-stream.js';
import { Readable } from 'node:stream';
import { execJob } from './helpers.js';
import { type AuthFixture, type Login, startAuthFixture } from './support/auth-fixture.js';
import { progressEvent } from './support/progress-event.js';
import { listenOnLoopback } from './support/raw-http.js';

const event = progressEvent;
const line = (bytes: number) => `${JSON.stringify(event(bytes))}\n`;

/** A request body the test writes into line by line, as a node does between its intervals. */
function pushedBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    stream,
    write: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
  };
}

describe('readProgressStream', () => {
  it('takes lines split across chunks, skips blank ones and takes a last line without its newline', async () => {
    const text = `${line(1)}\n${line(2)}${JSON.stringify(event(3))}`;
    const chunks = [text.slice(0, 10), text.slice(10, 150), text.slice(150)].map((t) => Buffer.from(t));
    const got: number[] = [];
    const result = await readProgressStream(Readable.from(chunks), (e) => got.push(e.bytes_read));
    expect(result).toEqual({ accepted: 3 });
    expect(got).toEqual([1, 2, 3]);
  });

  it('stops at the first bad or overlong line and keeps nothing after it', async () => {
    const got: number[] = [];
    const bad = await readProgressStream(
      Readable.from([Buffer.from(`${line(1)}{"phase":"nap"}\n${line(2)}`)]),
      (e) => got.push(e.bytes_read),
    );
    expect(bad.accepted).toBe(1);
    expect(bad.error).toMatch(/^line 2: /);
    expect(got).toEqual([1]);
    const long = await readProgressStream(
      Readable.from([Buffer.from('x'.repeat(3000)), Buffer.from('x'.repeat(3000))]),
      () => undefined,
    );
    expect(long.error).toBe('line 1: longer than 4096 bytes');
  });

  it('ends a stalled stream after its idle time', async () => {
    const body = new Readable({ read: () => undefined });
    body.push(line(5));
    const result = await readProgressStream(body, () => undefined, { idleMs: 200 });
    expect(result).toEqual({ accepted: 1, error: 'no data for 0 s' });
    body.destroy();
  });
});

// A node's streamed progress (a scheduler token) → the poll and the hub, with the same rules as a post.
describe('streamed progress route', { timeout: 60_000 }, () => {
  let f: AuthFixture;
  let alice: Login;
  let jobId: string;
  let otherClientJob: string;
  let base: string;

  beforeAll(async () => {
    f = await startAuthFixture();
    alice = await f.login('alice');
    const made = await f.asToken(f.tokens.p1Member, 'POST', '/v2/p1/jobs', execJob('c1'));
    jobId = made.json().job_id as string;
    const other = await f.asToken(f.tokens.p1Member, 'POST', '/v2/p1/jobs', execJob('c2'));
    otherClientJob = other.json().job_id as string;
    base = `http://127.0.0.1:${await listenOnLoopback(f.api.app)}`;
  }, 60_000);
  afterAll(() => f.api.close());

  const open = (token: string, id: string, body: RequestInit['body'], project = 'p1') =>
    fetch(`${base}/v2/${project}/jobs/${id}/progress`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
  const polled = async () => {
    const poll = await f.asSession(alice, 'GET', '/v2/p1/progress');
    return JobProgressList.parse(poll.json()).progress.find((p) => p.job_id === jobId)?.bytes_read;
  };
  // On PostgreSQL a line reaches the poll through LISTEN/NOTIFY: under a full test run that takes seconds.
  const until = async (want: number) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await polled()) !== want) await new Promise((r) => setTimeout(r, 25));
    return polled();
  };

  it('answers headers at once and publishes each line as it arrives, before the stream ends', async () => {
    const body = pushedBody();
    body.write(line(10));
    const res = await open(f.tokens.p1SchedulerC1, jobId, body.stream);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(await until(10)).toBe(10);
    for (let i = 1; i <= 20; i++) body.write(line(10 + i));
    expect(await until(30)).toBe(30);
    body.end();
    // The stream began unwatched (30 s asked in its headers); the poll made the project watched, which
    // a control line said before the stream's last line.
    expect(res.headers.get('freezer-progress-interval')).toBe('30');
    const reply = (await res.text()).trimEnd().split('\n');
    expect(reply.map((l) => JSON.parse(l) as unknown)).toEqual([{ progress_interval: 2 }, { accepted: 21 }]);
    expect(await polled()).toBe(30);
  });

  it('ends the stream at a bad line with a clear error line, keeping nothing after it', async () => {
    const body = pushedBody();
    body.write(line(40) + JSON.stringify({ ...event(41), percent: 140 }) + '\n' + line(42));
    const res = await open(f.tokens.p1SchedulerC1, jobId, body.stream);
    expect(res.status).toBe(200);
    const reply = JSON.parse(await res.text()) as { title: string; description: string; accepted: number };
    expect(reply.title).toBe('Bad Request');
    expect(reply.description).toMatch(/^line 2: percent: /);
    expect(reply.accepted).toBe(1);
    expect(await polled()).toBe(40);
  });

  it("refuses another client's job, an unknown job, another project and a reader at the start", async () => {
    const before = f.api.app.progressHub.size;
    const bodyText = line(1);
    expect((await open(f.tokens.p1SchedulerC1, otherClientJob, bodyText)).status).toBe(404);
    expect((await open(f.tokens.p1Member, 'no-such-job', bodyText)).status).toBe(404);
    expect((await open(f.tokens.p2Member, jobId, bodyText, 'p2')).status).toBe(404);
    expect((await open(f.tokens.p2Member, jobId, bodyText)).status).toBe(403);
    const reader = await open(f.tokens.p1Reader, jobId, bodyText);
    expect(reader.status).toBe(403);
    expect(f.api.app.progressHub.size).toBe(before);
  });

  it('still refuses NDJSON on other routes', async () => {
    const res = await fetch(`${base}/v2/p1/jobs`, {
      method: 'POST',
      headers: { 'x-auth-token': f.tokens.p1Member, 'content-type': 'application/x-ndjson' },
      body: line(1),
    });
    expect(res.status).toBe(415);
  });
});
