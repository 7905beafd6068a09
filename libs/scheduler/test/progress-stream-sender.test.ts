import type { ProgressEvent } from '@freezer/schema';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ProgressForwarder } from '../src/progress-forwarder.js';
import { ProgressStreamSender } from '../src/progress-stream-sender.js';
import { FreezerApiClient } from '@freezer/api-client';
import { startOurApi } from './support/our-api.js';
import { closedAfterEach, progressAt, until } from './support/progress-events.js';

const at = progressAt;

/** What a loopback server saw: each streamed request's lines as they arrived, and single posts. */
interface Seen {
  streams: number[][];
  /** Streamed requests whose body ended (the sender closed them). */
  ended: number;
  posts: number[];
}

type StreamReply = 'stream' | 'refuse' | 'silent';

/** A loopback API stand-in: streams answered at once (200), refused (415) or never answered. */
async function server(mode: StreamReply): Promise<{ url: string; seen: Seen; close: () => Promise<void> }> {
  const seen: Seen = { streams: [], ended: 0, posts: [] };
  const open = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['content-type'] === 'application/x-ndjson') {
      if (mode === 'refuse') {
        res.writeHead(415).end();
        req.resume();
        return;
      }
      const lines: number[] = [];
      seen.streams.push(lines);
      open.add(res);
      if (mode === 'stream') res.writeHead(200, { 'content-type': 'application/x-ndjson' }).flushHeaders();
      let carry = '';
      req.on('data', (chunk: Buffer) => {
        const parts = (carry + chunk.toString()).split('\n');
        carry = parts.pop() ?? '';
        for (const p of parts) lines.push((JSON.parse(p) as ProgressEvent).bytes_read);
      });
      req.on('end', () => {
        seen.ended++;
        open.delete(res);
        if (mode === 'stream') res.end(`${JSON.stringify({ accepted: lines.length })}\n`);
      });
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.posts.push((JSON.parse(body) as ProgressEvent).bytes_read);
      res.writeHead(204).end();
    });
  };
  const s: Server = createServer(handle);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/v2/p/jobs/j/progress`;
  return {
    url,
    seen,
    close: async () => {
      for (const res of open) res.destroy();
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    },
  };
}

function sender(url: string, options: { windowMs?: number; headersTimeoutMs?: number } = {}) {
  const s = new ProgressStreamSender({
    target: async () => ({ url, headers: {} }),
    post: async (e) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(e),
      });
      return res.status < 300;
    },
    ...options,
  });
  return s;
}

describe('ProgressStreamSender', () => {
  const closers = closedAfterEach();

  it('writes each event as a line of one open stream, the server seeing them before it ends', async () => {
    const api = await server('stream');
    closers.push(api.close);
    const s = sender(api.url);
    expect(await s.send(at(1))).toBe(true);
    expect(await s.send(at(2))).toBe(true);
    await until(() => api.seen.streams[0]?.length === 2);
    expect(await s.send(at(3, 'done'))).toBe(true);
    await until(() => api.seen.streams[0]?.length === 3);
    expect(api.seen.streams).toEqual([[1, 2, 3]]);
    expect(api.seen.posts).toEqual([]);
    expect(s.fellBack).toBe(false);
  });

  it('opens a new stream when its window is over', async () => {
    const api = await server('stream');
    closers.push(api.close);
    // A window long enough that opening the first stream on a loaded machine does not use it up.
    const s = sender(api.url, { windowMs: 1000 });
    await s.send(at(1));
    await s.send(at(2));
    await new Promise((r) => setTimeout(r, 1100));
    await s.send(at(3));
    await until(() => api.seen.streams[1]?.length === 1);
    expect(api.seen.ended).toBe(1);
    s.end();
    await until(() => api.seen.ended === 2);
    expect(api.seen.streams).toEqual([[1, 2], [3]]);
  });

  it('falls back to single posts against an API that refuses the stream type', async () => {
    const api = await server('refuse');
    closers.push(api.close);
    const s = sender(api.url);
    expect(await s.send(at(1))).toBe(true);
    expect(await s.send(at(2))).toBe(true);
    expect(api.seen.posts).toEqual([1, 2]);
    expect(api.seen.streams).toEqual([]);
    expect(s.fellBack).toBe(true);
  });

  it('falls back to single posts when no response headers come (a buffering proxy)', async () => {
    const api = await server('silent');
    closers.push(api.close);
    const s = sender(api.url, { headersTimeoutMs: 300 });
    expect(await s.send(at(1))).toBe(true);
    expect(s.fellBack).toBe(true);
    expect(await s.send(at(2))).toBe(true);
    expect(api.seen.posts).toEqual([1, 2]);
    expect(api.seen.streams).toHaveLength(1);
  });

  it('paced by the forwarder: the latest event per interval in one stream, ended when the run closes', async () => {
    const api = await server('stream');
    closers.push(api.close);
    const s = sender(api.url);
    const f = new ProgressForwarder(s.send, 50, Date.now, () => s.end());
    for (let i = 1; i <= 10; i++) {
      f.push(at(i));
      await new Promise((r) => setTimeout(r, 20));
    }
    f.close();
    // Ended: the stream's request finished, none stays open after the run.
    await until(() => api.seen.ended === 1);
    expect(api.seen.streams).toHaveLength(1);
    const lines = api.seen.streams[0] ?? [];
    expect(lines[0]).toBe(1);
    expect(lines.length).toBeLessThan(10);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(api.seen.posts).toEqual([]);
  });

  it('streams to our API: each line is listed before the stream ends', async () => {
    const server = await startOurApi();
    closers.push(() => server.stop());
    const api = new FreezerApiClient({ apiUrl: server.url, projectId: 'p1' });
    const jobId = await api.createJob({
      client_id: 'node-1',
      description: 'streamed progress',
      job_schedule: {},
      job_actions: [{ freezer_action: { action: 'backup', backup_name: 'b', path_to_backup: '/tmp' } }],
    });
    const s = new ProgressStreamSender({
      target: () => api.progressStreamTarget(jobId),
      post: (e) => api.postProgress(jobId, e),
    });
    const listed = async () => (await api.listProgress()).find((p) => p.job_id === jobId)?.bytes_read;
    expect(await s.send(at(100))).toBe(true);
    expect(s.fellBack).toBe(false);
    for (let i = 0; i < 200 && (await listed()) !== 100; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await listed()).toBe(100);
    expect(await s.send(at(200))).toBe(true);
    for (let i = 0; i < 200 && (await listed()) !== 200; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await listed()).toBe(200);
    expect(s.fellBack).toBe(false);
    s.end();
  }, 60_000);
});
