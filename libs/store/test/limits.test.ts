import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../src/index.js';

describe('limits: request windows and failed logins', () => {
  const store = createStore({ path: ':memory:' });
  afterAll(() => store.close());

  it('counts hits per key in a fixed window and starts a new one when it ends', async () => {
    const t0 = 1_000_000;
    expect(await store.limits.hit('token:a', 60_000, t0)).toEqual({ hits: 1, resetsInMs: 60_000 });
    expect(await store.limits.hit('token:a', 60_000, t0 + 10_000)).toEqual({ hits: 2, resetsInMs: 50_000 });
    expect(await store.limits.hit('token:b', 60_000, t0 + 10_000)).toEqual({ hits: 1, resetsInMs: 60_000 });
    expect(await store.limits.hit('token:a', 60_000, t0 + 60_000)).toEqual({ hits: 1, resetsInMs: 60_000 });
  });

  it('drops expired windows', async () => {
    const later = 10_000_000;
    await store.limits.hit('token:c', 1000, later); // prunes windows ended before `later`
    await new Promise((r) => setTimeout(r, 10));
    const rows = await store.ctx.db.select().from(store.ctx.t.rateLimits);
    expect(rows.map((r) => r.key)).toEqual(['token:c']);
  });

  it('counts failed logins in a window, blocks until a time, and forgets on success', async () => {
    expect((await store.limits.failed('user:x', 100, 900)).failures).toBe(1);
    expect((await store.limits.failed('user:x', 200, 900)).failures).toBe(2);
    await store.limits.block('user:x', 250);
    await store.limits.block('user:x', 220); // never shortens a block
    expect(await store.limits.blockedUntil(['user:x', 'addr:1.2.3.4'])).toBe(250);
    // A window older than 900 s starts again, and its block with it.
    expect(await store.limits.failed('user:x', 1200, 900)).toEqual({ failures: 1, firstAt: 1200 });
    expect(await store.limits.blockedUntil(['user:x'])).toBe(0);
    await store.limits.block('user:x', 1300);
    await store.limits.clear('user:x');
    expect(await store.limits.blockedUntil(['user:x'])).toBe(0);
  });
});
