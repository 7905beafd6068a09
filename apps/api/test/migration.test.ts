import type { FastifyInstance } from 'fastify';
import { appliedMigrations, createStore, openDb } from '@freezer/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

const dir = mkdtempSync(join(tmpdir(), 'freezer-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withApi<T>(path: string, fn: (inject: FastifyInstance['inject']) => Promise<T>): Promise<T> {
  const store = createStore({ path });
  const app = await buildApp({ store });
  try {
    return await fn(app.inject.bind(app));
  } finally {
    await app.close();
    store.close();
  }
}

describe('database lifecycle', () => {
  it('creates the directory and schema on an empty db, keeps data across restarts, never re-runs migrations', async () => {
    const path = join(dir, 'nested', 'dir', 'freezer.sqlite');
    const jobId = await withApi(path, async (inject) => {
      const res = await inject({
        method: 'POST',
        url: '/v2/p1/jobs',
        payload: { client_id: 'p1_h', job_actions: [] },
      });
      return res.json().job_id as string;
    });
    const first = openDb(path);
    const applied = appliedMigrations(first.sqlite);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    first.close();
    expect(applied.length).toBeGreaterThan(0);

    const doc = await withApi(path, async (inject) =>
      (await inject({ method: 'GET', url: `/v2/p1/jobs/${jobId}` })).json(),
    );
    expect(doc.client_id).toBe('p1_h');

    const again = openDb(path);
    expect(appliedMigrations(again.sqlite)).toEqual(applied);
    again.close();
  });
});
