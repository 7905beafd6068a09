import { createStore } from '@freezer/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
  ms?: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A real app on a real SQLite file whose pino log lines are collected. */
async function appLoggingAt(level: string) {
  const dir = mkdtempSync(join(tmpdir(), 'freezer-api-log-'));
  const store = createStore({ path: join(dir, 'freezer.sqlite') });
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  const app = await buildApp({ store, logger: { level, stream } });
  cleanups.push(async () => {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, lines: () => lines.filter((l) => l.msg === 'request') };
}

describe('request log', () => {
  it('at info logs one line per failed request and none for successful ones', async () => {
    const { app, lines } = await appLoggingAt('info');
    expect((await app.inject({ method: 'GET', url: '/v2/p1/jobs' })).statusCode).toBe(200);
    const bad = await app.inject({ method: 'GET', url: '/v2/p1/jobs?limit=x' });
    expect(bad.statusCode).toBe(400);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 30,
      method: 'GET',
      url: '/v2/p1/jobs?limit=x',
      statusCode: 400,
      reqId: bad.headers['x-openstack-request-id'],
    });
  });

  it('at debug logs every request once, with status and duration', async () => {
    const { app, lines } = await appLoggingAt('debug');
    await app.inject({ method: 'GET', url: '/v2/p1/jobs' });
    await app.inject({ method: 'GET', url: '/v2/p1/jobs/nope' });
    expect(lines().map((l) => [l.level, l.statusCode])).toEqual([
      [20, 200],
      [30, 404],
    ]);
    expect(typeof lines()[0]?.ms).toBe('number');
  });
});
