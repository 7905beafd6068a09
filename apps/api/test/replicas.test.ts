import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiProcess, createDatabase, startApi } from '@freezer/testkit';
import { execJob } from './helpers.js';

// Two API processes on one database (a PostgreSQL database in @freezer/api-pg, one SQLite file
// otherwise): optimistic versions and transactions must hold across processes.
describe('two API replicas on one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-replicas-'));
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const pgUrl = inject('freezerPgUrl');
    const db = pgUrl ? await createDatabase(pgUrl) : join(dir, 'shared.sqlite');
    a = await startApi({ from: 'source', db, args: ['--log-level', 'warn'] });
    b = await startApi({ from: 'source', db, args: ['--log-level', 'warn'] });
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (api: ApiProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  it('concurrent PATCHes with the same _version through both replicas: exactly one wins', async () => {
    const created = await call(a, 'POST', '/v2/p1/jobs', execJob('p1_node'));
    const jobId = created.json.job_id as string;
    const attempts = Array.from({ length: 12 }, (_, i) =>
      call(i % 2 === 0 ? a : b, 'PATCH', `/v2/p1/jobs/${jobId}`, {
        _version: 1,
        job_schedule: { status: 'running', event: 'start' },
        description: `claimed-by-${i}`,
      }),
    );
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(11);
    expect(String(losers[0]?.json.description)).toMatch(/_version 1 is stale/);
    const job = await call(b, 'GET', `/v2/p1/jobs/${jobId}`);
    const winnerIndex = results.findIndex((r) => r.status === 200);
    expect(job.json.description).toBe(`claimed-by-${winnerIndex}`);
    expect(job.json.job_schedule).toMatchObject({ status: 'running' });
  });

  it('concurrent unguarded updates lose nothing: every session action lands once', async () => {
    const created = await call(a, 'POST', '/v2/p1/sessions', {
      description: 's',
      schedule: {},
      hold_off: 0,
    });
    const sessionId = created.json.session_id as string;
    const jobIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      jobIds.push((await call(a, 'POST', '/v2/p1/jobs', execJob(`p1_n${i}`))).json.job_id as string);
    }
    // Six replicas-alternating adds of different jobs to one session document at once.
    const adds = await Promise.all(
      jobIds.map((id, i) => call(i % 2 ? a : b, 'PUT', `/v2/p1/sessions/${sessionId}/jobs/${id}`)),
    );
    expect(adds.map((r) => r.status)).toEqual(adds.map(() => 204));
    const session = await call(b, 'GET', `/v2/p1/sessions/${sessionId}`);
    expect(Object.keys(session.json.jobs as object).sort()).toEqual([...jobIds].sort());
  });

  it('the same backup posted to both replicas at once is stored once', async () => {
    const body = {
      backup_uuid: 'u-1',
      container: '/tmp/b',
      hostname: 'h',
      backup_name: 'n',
      level: 0,
      time_stamp: 1,
    };
    const posted = await Promise.all([
      call(a, 'POST', '/v2/p1/backups', body),
      call(b, 'POST', '/v2/p1/backups', body),
      call(a, 'POST', '/v2/p1/backups', body),
      call(b, 'POST', '/v2/p1/backups', body),
    ]);
    const ids = new Set(posted.map((r) => r.json.backup_id));
    expect(ids.size).toBe(1);
    const list = await call(a, 'GET', '/v2/p1/backups');
    expect((list.json.backups as unknown[]).length).toBe(1);
  });
});
