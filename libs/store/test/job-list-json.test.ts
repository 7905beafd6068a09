import type { JobCreate } from '@freezer/schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scope, type Search, type Store, createStore } from '../src/index.js';

// The scheduler's poll goes through prepared statements and passes the stored JSON through
// unparsed. On a real SQLite file: the text must parse to exactly what list() returns, and both
// must hold the expected jobs (search semantics, paging, scoping, fresh data).

const dir = mkdtempSync(join(tmpdir(), 'store-list-json-'));
let store: Store;
const scope: Scope = { projectId: 'p1', userId: 'u1' };
const other: Scope = { projectId: 'p1', userId: 'u2' };
const poll = (client: string): Search => ({
  match: [{ client_id: client }],
  match_not: [{ status: 'completed' }],
});

function job(n: number): JobCreate {
  return {
    client_id: `node-${n % 3}`,
    description: `job ${n}`,
    job_schedule: { schedule_interval: '1 days', status: n % 2 === 0 ? 'completed' : 'scheduled' },
    // A `status` key inside the action must not be taken for the job's own status.
    job_actions: [{ freezer_action: { action: 'exec', command: `echo ${n}`, status: 'completed' } }],
  };
}

beforeAll(async () => {
  store = createStore({ path: join(dir, 'freezer.sqlite') });
  for (let n = 0; n < 24; n++) await store.jobs.create(scope, job(n));
  await store.jobs.create(other, job(1));
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function same(s: Scope, search: Search, page = { limit: 10, offset: 0 }): Promise<unknown[]> {
  const text = await store.jobs.listJson(s, search, page);
  const docs = await store.jobs.list(s, search, page);
  expect(JSON.parse(text)).toEqual(docs);
  return docs;
}

describe('job list as JSON text', () => {
  it("answers the poll with the client's jobs that are not completed, in creation order", async () => {
    const docs = (await same(scope, poll('node-1'))) as { description: string }[];
    // node-1 has jobs 1, 4, 7, …, 22; the odd ones are scheduled.
    expect(docs.map((d) => d.description)).toEqual(['job 1', 'job 7', 'job 13', 'job 19']);
  });

  it('pages in SQL: limit, offset and the unlimited -1', async () => {
    const two = (await same(scope, poll('node-1'), { limit: 2, offset: 1 })) as { description: string }[];
    expect(two.map((d) => d.description)).toEqual(['job 7', 'job 13']);
    expect(await same(scope, { match: [], match_not: [] }, { limit: -1, offset: 20 })).toHaveLength(4);
  });

  it('keeps users apart unless the project is shared', async () => {
    expect(await same(other, poll('node-1'))).toHaveLength(1);
    expect(
      await same({ ...other, sharedProject: true }, poll('node-1'), { limit: -1, offset: 0 }),
    ).toHaveLength(5);
  });

  it('sees writes made after the statement was prepared', async () => {
    const [first] = (await same(scope, poll('node-2'))) as { job_id: string }[];
    expect(first).toBeDefined();
    await store.jobs.patch(scope, first?.job_id ?? '', { job_schedule: { status: 'completed' } });
    const after = (await same(scope, poll('node-2'))) as { job_id: string }[];
    expect(after.map((d) => d.job_id)).not.toContain(first?.job_id);
  });

  it('falls back to the document search for keys without a column, with the same result', async () => {
    const docs = await same(scope, { match: [{ command: 'echo 5' }], match_not: [] });
    expect(docs).toHaveLength(1);
    expect(
      await same(scope, { match: [{ client_id: 'node-0' }, { description: 'job 3' }], match_not: [] }),
    ).toHaveLength(1);
  });

  it('gives each search shape its own statement', async () => {
    const byStatus = await same(
      scope,
      { match: [{ status: 'scheduled' }], match_not: [] },
      { limit: -1, offset: 0 },
    );
    const byClient = await same(
      scope,
      { match: [{ client_id: 'node-0' }], match_not: [] },
      { limit: -1, offset: 0 },
    );
    expect(byStatus.length).toBeGreaterThan(0);
    expect(byClient).toHaveLength(8);
    expect(await store.jobs.listJson(scope, { match: [{ client_id: 'nobody' }], match_not: [] })).toBe('[]');
  });
});
