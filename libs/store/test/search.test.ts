import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, expandAll, findLast, matches } from '../src/index.js';

describe('search semantics', () => {
  const doc = { a: 1, nested: { status: 'x', list: [{ status: 'y' }, { other: 1 }] }, tail: { status: 'z' } };

  it('finds the last occurrence of a key anywhere in the tree', () => {
    expect(findLast(doc, 'status')).toBe('z');
    expect(findLast(doc, 'other')).toBe(1);
    expect(findLast(doc, 'missing')).toBeUndefined();
  });

  it('match requires equality, match_not excludes equality', () => {
    expect(matches(doc, { match: [{ a: 1 }], match_not: [{ status: 'x' }] })).toBe(true);
    expect(matches(doc, { match: [{ a: 2 }], match_not: [] })).toBe(false);
    expect(matches(doc, { match: [], match_not: [{ status: 'z' }] })).toBe(false);
  });

  it('expands the CLI _all JSON list and rejects free text', () => {
    expect(expandAll({ match: [{ _all: '[{"client_id": "n1"}]' }], match_not: [] }).match).toEqual([
      { client_id: 'n1' },
    ]);
    expect(() => expandAll({ match: [{ _all: 'free text' }], match_not: [] })).toThrow(
      /_all must be a JSON list/,
    );
  });
});

describe('job search on a real SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'freezer-store-'));
  const store = createStore({ path: join(dir, 'db.sqlite') });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the job status, not a status key inside a freezer_action', async () => {
    const scope = { projectId: 'p', userId: 'u' };
    const id = await store.jobs.create(scope, {
      client_id: 'p_h',
      job_schedule: { status: 'scheduled' },
      job_actions: [{ freezer_action: { action: 'exec', status: 'completed' } }],
    });
    const found = await store.jobs.list(
      scope,
      { match: [{ client_id: 'p_h' }], match_not: [{ status: 'completed' }] },
      { limit: 10, offset: 0 },
    );
    expect(found.map((j) => j.job_id)).toEqual([id]);
    const byTree = await store.jobs.list(
      scope,
      { match: [{ action: 'exec' }], match_not: [] },
      { limit: -1, offset: 0 },
    );
    expect(byTree).toHaveLength(1);
  });
});
