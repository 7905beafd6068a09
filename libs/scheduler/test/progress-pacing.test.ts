import { FreezerApiClient } from '@freezer/api-client';
import { PROGRESS_INTERVAL_HEADER, type ProgressEvent } from '@freezer/schema';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressForwarder } from '../src/progress-forwarder.js';
import { ProgressStreamSender } from '../src/progress-stream-sender.js';
import { startOurApi } from './support/our-api.js';
import { closedAfterEach, progressAt, until } from './support/progress-events.js';

const at = progressAt;

/** A forwarder on fake timers (default 2 s) whose sends record when (s) and what (bytes) went. */
function recording(spread?: () => number) {
  vi.useFakeTimers({ now: 0 });
  const sent: [number, number][] = [];
  const f = new ProgressForwarder(
    async (e) => {
      sent.push([Date.now() / 1000, e.bytes_read]);
      return true;
    },
    2000,
    Date.now,
    undefined,
    spread,
  );
  return { f, sent };
}

/** The agent's pace: an event every second for `seconds`, bytes counting up from `from`. */
async function agentFor(f: ProgressForwarder, seconds: number, from = 0) {
  for (let s = 0; s < seconds; s++) {
    f.push(at(from + s));
    await vi.advanceTimersByTimeAsync(1000);
  }
}

describe('ProgressForwarder pacing', () => {
  afterEach(() => vi.useRealTimers());

  it("honours the API's interval: the latest event per interval instead of one every 2 s", async () => {
    const { f, sent } = recording();
    f.advise('10');
    expect(f.interval).toBe(10_000);
    await agentFor(f, 31);
    // At 10 s the timer fires before that second's event: the latest then is the 9th.
    expect(sent).toEqual([
      [0, 0],
      [10, 9],
      [20, 19],
      [30, 29],
    ]);
  });

  it('sends a phase change, the first 100 % and the last event at once whatever the interval', async () => {
    const { f, sent } = recording();
    f.advise(30);
    f.push(at(1, 'scan'));
    await vi.advanceTimersByTimeAsync(1000);
    f.push(at(2, 'backup', 10));
    await vi.advanceTimersByTimeAsync(1000);
    f.push(at(3, 'backup', 50));
    await vi.advanceTimersByTimeAsync(1000);
    f.push(at(4, 'backup', 100));
    await vi.advanceTimersByTimeAsync(1000);
    // Still 100 %: no reason to hurry any more.
    f.push(at(5, 'backup', 100));
    await vi.advanceTimersByTimeAsync(1000);
    f.push(at(6, 'done', 100));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    f.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(4);
  });

  it('holds the advice to 1-60 s and ignores junk, keeping the interval it had', () => {
    const { f } = recording();
    f.advise('0.2');
    expect(f.interval).toBe(1000);
    f.advise('600');
    expect(f.interval).toBe(60_000);
    for (const junk of [
      'abc',
      '',
      ' ',
      '-5',
      '0',
      '1e3',
      'Infinity',
      '10s',
      null,
      undefined,
      NaN,
      -1,
      {},
      [5],
    ]) {
      f.advise(junk);
      expect(f.interval).toBe(60_000);
    }
    f.advise(' 7 ');
    expect(f.interval).toBe(7000);
  });

  it('spreads nodes advised together over the new interval, never sending later than without the spread', async () => {
    // A node that sent at 0 s is advised 10 s at 0.1 s, its next event waiting: when does it go?
    const nextSend = async (spread?: () => number) => {
      const { f, sent } = recording(spread);
      f.push(at(1));
      await vi.advanceTimersByTimeAsync(100);
      f.advise(10);
      f.push(at(2));
      await vi.advanceTimersByTimeAsync(20_000);
      vi.useRealTimers();
      expect(sent.map(([, bytes]) => bytes)).toEqual([1, 2]);
      return sent[1]?.[0];
    };
    // 0.1 s - 0.9 × 10 s = -8.9 s counts as the last send: the next goes at 1.1 s; with 0.1, at 9.1 s.
    expect(await nextSend(() => 0.9)).toBe(1.1);
    expect(await nextSend(() => 0.1)).toBe(9.1);
    // Without a spread the send keeps the plain schedule: 10 s after the last.
    expect(await nextSend()).toBe(10);
  });

  it('a shorter interval takes effect at once for the event waiting, a longer one delays it', async () => {
    const { f, sent } = recording();
    f.advise(30);
    f.push(at(1));
    f.push(at(2));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([[0, 1]]);
    // A dashboard opened: 2 s, and the event waiting since 0 s is overdue.
    f.advise(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      [0, 1],
      [5, 2],
    ]);
    f.advise(20);
    f.push(at(3));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.at(-1)).toEqual([25, 3]);
  });
});

/** A loopback API stand-in for streams: answers 200 with `headers`, then writes `control` lines. */
async function standIn(headers: Record<string, string>, control: string[] = []) {
  const lines: number[] = [];
  const open = new Set<ServerResponse>();
  const s = createServer((req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'application/x-ndjson', ...headers }).flushHeaders();
    let carry = '';
    let first = true;
    req.on('data', (chunk: Buffer) => {
      const parts = (carry + chunk.toString()).split('\n');
      carry = parts.pop() ?? '';
      for (const p of parts) lines.push((JSON.parse(p) as ProgressEvent).bytes_read);
      if (first) for (const c of control) res.write(`${c}\n`);
      first = false;
    });
    req.on('end', () => {
      open.delete(res);
      res.end(`${JSON.stringify({ accepted: lines.length })}\n`);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/v2/p/jobs/j/progress`;
  return {
    url,
    lines,
    close: async () => {
      for (const res of open) res.destroy();
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    },
  };
}

/** The scheduler's wiring (job-execution.ts): sender and forwarder, the advice from either way. */
function wired(
  target: () => Promise<{ url: string; headers: Record<string, string> }>,
  post = async () => true,
) {
  const sender = new ProgressStreamSender({ target, post, onAdvice: (s) => forwarder.advise(s) });
  const forwarder = new ProgressForwarder(sender.send, 2000, Date.now, () => sender.end());
  return { forwarder, sender };
}

describe('pacing advice over a progress stream', () => {
  const closers = closedAfterEach();

  it("takes the stream's response header, then each control line of its reply, and skips junk lines", async () => {
    const api = await standIn({ [PROGRESS_INTERVAL_HEADER]: '12' }, [
      'not json',
      '{"progress_interval":"x"}',
      '{"progress_interval":4}',
    ]);
    closers.push(api.close);
    const { forwarder, sender } = wired(async () => ({ url: api.url, headers: {} }));
    forwarder.push(at(1));
    await until(() => forwarder.interval === 4000);
    expect(api.lines).toEqual([1]);
    sender.end();
  });

  it('keeps its default against an API that sends no advice', async () => {
    const api = await standIn({});
    closers.push(api.close);
    const { forwarder, sender } = wired(async () => ({ url: api.url, headers: {} }));
    forwarder.push(at(1));
    await until(() => api.lines.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(forwarder.interval).toBe(2000);
    sender.end();
  });

  it('against our API: 30 s while nobody watches, by the stream and by a post; 2 s once a dashboard polls', async () => {
    const server = await startOurApi();
    closers.push(() => server.stop());
    const api = new FreezerApiClient({ apiUrl: server.url, projectId: 'p1' });
    const jobId = await api.createJob({
      client_id: 'node-1',
      description: 'paced progress',
      job_schedule: {},
      job_actions: [{ freezer_action: { action: 'backup', backup_name: 'b', path_to_backup: '/tmp' } }],
    });
    const streamed = wired(() => api.progressStreamTarget(jobId));
    streamed.forwarder.push(at(1));
    await until(() => streamed.forwarder.interval === 30_000);
    expect(streamed.sender.fellBack).toBe(false);
    streamed.sender.end();

    const advice: string[] = [];
    expect(await api.postProgress(jobId, at(2), (s) => advice.push(s))).toBe(true);
    expect(advice).toEqual(['30']);
    await api.listProgress();
    expect(await api.postProgress(jobId, at(3), (s) => advice.push(s))).toBe(true);
    expect(advice).toEqual(['30', '2']);
  }, 60_000);
});
