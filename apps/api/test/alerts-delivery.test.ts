import type { AlertRoute } from '@freezer/schema';
import { type Store, createStore } from '@freezer/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../src/alerts/deliver-due.js';
import { evaluateOnce } from '../src/alerts/evaluate-cycle.js';
import type { Send } from '../src/alerts/transports.js';
import { noDrills } from '@freezer/alerts';

// The evaluator and the outbox on a real SQLite store with the store's clock moved by the test:
// reminders, retries with backoff, giving up, and two senders racing for one notification.
describe('alert outbox', () => {
  let dir: string;
  let store: Store;
  let now = 1_800_000_000;
  const scope = { projectId: 'p1', userId: 'u1' };
  const route: AlertRoute = { type: 'webhook', url: 'http://127.0.0.1:9/hook' };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fz-outbox-'));
    now = 1_800_000_000;
    store = createStore({ path: join(dir, 'db.sqlite'), now: () => now });
    await store.clients.register(scope, { client_id: 'node1', hostname: 'node1' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const staleRule = (extra: Record<string, unknown> = {}) =>
    store.alertRules.create(scope, {
      name: 'stale',
      kinds: ['client_stale'],
      stale_after_seconds: 60,
      routes: [route],
      ...extra,
    });
  const deliveries = async () => {
    const [alert] = await store.alerts.history('p1', { limit: 10, offset: 0 });
    return alert ? store.alerts.deliveries('p1', alert.alert_id) : [];
  };

  it('reminds after the repeat interval, once per interval', async () => {
    await staleRule({ repeat_seconds: 600 });
    now += 61;
    await evaluateOnce(store, noDrills);
    await evaluateOnce(store, noDrills);
    expect((await deliveries()).map((d) => d.event)).toEqual(['firing']);
    now += 599;
    await evaluateOnce(store, noDrills);
    expect((await deliveries()).map((d) => d.event)).toEqual(['firing']);
    now += 1;
    await evaluateOnce(store, noDrills);
    await evaluateOnce(store, noDrills);
    expect((await deliveries()).map((d) => d.event)).toEqual(['firing', 'repeat']);
  });

  it('retries a failed send with backoff, then gives up after the last attempt', async () => {
    await staleRule();
    now += 61;
    await evaluateOnce(store, noDrills);
    let calls = 0;
    const failing: Send = async () => {
      calls++;
      throw new Error('webhook answered HTTP 503');
    };
    expect(await deliverDue(store, failing)).toEqual({ sent: 0, held: 0, failed: 1 });
    expect(await deliveries()).toMatchObject([
      { state: 'pending', attempts: 1, next_attempt_at: now + 15, last_error: 'webhook answered HTTP 503' },
    ]);
    // Not due yet: nothing is tried.
    expect(await deliverDue(store, failing)).toEqual({ sent: 0, held: 0, failed: 0 });
    for (let i = 0; i < 11; i++) {
      now += 3600;
      await deliverDue(store, failing);
    }
    expect(calls).toBe(12);
    expect(await deliveries()).toMatchObject([{ state: 'failed', attempts: 12 }]);
    now += 3600;
    await deliverDue(store, failing);
    expect(calls).toBe(12);
  });

  it('two senders at once deliver a notification once', async () => {
    await staleRule();
    now += 61;
    await evaluateOnce(store, noDrills);
    const sent: string[] = [];
    const slow: Send = async (_r, n) => {
      await new Promise((r) => setTimeout(r, 50));
      sent.push(n.event);
    };
    const results = await Promise.all([deliverDue(store, slow), deliverDue(store, slow)]);
    expect(sent).toEqual(['firing']);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(await deliveries()).toMatchObject([{ state: 'sent', attempts: 1 }]);
  });
});
