import { openStore } from '@freezer/store';
import { createDatabase, waitFor } from '@freezer/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

// Replicas on one PostgreSQL database: while one evaluates (holding the advisory lock in its
// transaction), another replica's cycle is skipped. SQLite is one process and takes no lock.
describe('the evaluator lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-alert-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one of two concurrent cycles run on PostgreSQL, both on SQLite', async () => {
    const pgUrl = inject('freezerPgUrl');
    const url = pgUrl ? await createDatabase(pgUrl) : join(dir, 'lock.sqlite');
    const [a, b] = [await openStore({ url }), await openStore({ url })];
    try {
      let inside = 0;
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const first = a.alerts.exclusive(async () => {
        inside++;
        await gate;
        return 'first';
      });
      await waitFor('the first cycle holding the lock', async () => inside === 1);
      const second = await b.alerts.exclusive(async () => 'second');
      release();
      expect(await first).toBe('first');
      expect(second).toBe(pgUrl ? undefined : 'second');
      // Once the first cycle is over, the lock is free again.
      expect(await b.alerts.exclusive(async () => 'later')).toBe('later');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
