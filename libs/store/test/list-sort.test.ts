import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scope, type Store, createStore } from '../src/index.js';

// Sorting happens over the whole list, before paging: page 1 of "newest first" holds the newest.
const dir = mkdtempSync(join(tmpdir(), 'store-list-sort-'));
let store: Store;
const scope: Scope = { projectId: 'p1', userId: 'u1' };
// Arrival order differs from time order: 30 backups whose time stamps are shuffled.
const stamps = Array.from({ length: 30 }, (_, i) => 1_700_000_000 + ((i * 7) % 30) * 60);

beforeAll(async () => {
  store = createStore({ path: join(dir, 'freezer.sqlite') });
  for (const [i, t] of stamps.entries())
    await store.backups.create(scope, 'u', {
      backup_name: `name-${i}`,
      hostname: i % 2 ? 'odd' : 'even',
      time_stamp: t,
      container: '/c',
      level: 0,
    } as never);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const times = (docs: { backup_metadata: { time_stamp?: number } }[]) =>
  docs.map((d) => d.backup_metadata.time_stamp ?? -1);

describe('list sort', () => {
  it('sorts the whole list before paging, in SQL and in the JS-filtered path', async () => {
    const newest = [...stamps].sort((a, b) => b - a);
    const page1 = await store.backups.list(
      scope,
      undefined,
      { limit: 10, offset: 0 },
      { sort: { key: 'time_stamp', order: 'desc' } },
    );
    const page3 = await store.backups.list(
      scope,
      undefined,
      { limit: 10, offset: 20 },
      { sort: { key: 'time_stamp', order: 'desc' } },
    );
    expect(times(page1)).toEqual(newest.slice(0, 10));
    expect(times(page3)).toEqual(newest.slice(20, 30));
    // backup_name has no column: the search is matched in JS, the order still comes from SQL.
    const named = await store.backups.list(
      scope,
      { match: [{ container: '/c' }], match_not: [] },
      { limit: 5, offset: 0 },
      { sort: { key: 'time_stamp', order: 'asc' } },
    );
    expect(times(named)).toEqual([...stamps].sort((a, b) => a - b).slice(0, 5));
  });

  it('keeps the arrival order without a sort and refuses an unknown key', async () => {
    expect(times(await store.backups.list(scope, undefined, { limit: 30, offset: 0 }))).toEqual(stamps);
    await expect(
      store.backups.list(scope, undefined, { limit: 5, offset: 0 }, { sort: { key: 'doc', order: 'asc' } }),
    ).rejects.toThrow(/cannot sort by 'doc'/);
  });
});

describe('list text filter', () => {
  it('keeps the documents holding the text, case-insensitively, before paging and in order', async () => {
    const odd = await store.backups.list(
      scope,
      undefined,
      { limit: 100, offset: 0 },
      { text: 'ODD', sort: { key: 'time_stamp', order: 'desc' } },
    );
    expect(odd).toHaveLength(15);
    expect(odd.every((b) => b.backup_metadata.hostname === 'odd')).toBe(true);
    expect(times(odd)).toEqual([...times(odd)].sort((a, b) => b - a));
    // Not a hex-only text: a random backup_id (uuid hex) must not match it by chance.
    const one = await store.backups.list(scope, undefined, { limit: 5, offset: 0 }, { text: 'name-17' });
    expect(one.map((b) => b.backup_metadata.backup_name)).toEqual(['name-17']);
  });
});
