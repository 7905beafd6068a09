import { createStore } from '@freezer/store';
import { afterAll, describe, expect, it } from 'vitest';
import { storeDrills } from '../src/alerts/store-drills.js';
import { drillRun } from './support/drill-run.js';

describe('the alert evaluator reads the drills table', () => {
  const store = createStore({ path: ':memory:' });
  afterAll(() => store.close());

  it("gives each verified job its latest drill, whichever user's job ran it", async () => {
    const alice = { projectId: 'p1', userId: 'alice' };
    const bob = { projectId: 'p1', userId: 'bob' };
    const backupJob = await store.jobs.create(alice, { client_id: 'node1', job_actions: [] });
    const verifyJob = await store.jobs.create(bob, {
      client_id: 'node1',
      job_actions: [],
      verifies_job_id: backupJob,
    });
    const unverified = await store.jobs.create(alice, { client_id: 'node2', job_actions: [] });
    await store.runs.record(bob, verifyJob, drillRun('r1', 1000, 'success'));
    await store.runs.record(
      bob,
      verifyJob,
      drillRun('r2', 2000, 'fail', { error: 'restore failed: bad segment' }),
    );

    const drills = await storeDrills(store).lastDrills('p1');
    expect(drills.get(backupJob)).toEqual({ at: 2005, passed: false, reason: 'restore failed: bad segment' });
    expect(drills.has(unverified)).toBe(false);
    expect((await storeDrills(store).lastDrills('p2')).size).toBe(0);
  });
});
