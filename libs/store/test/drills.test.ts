import type { DrillReport, JobRunCreate } from '@freezer/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../src/index.js';

const scope = { projectId: 'p1', userId: 'u1' };
const other = { projectId: 'p2', userId: 'u1' };

function drillRun(
  runId: string,
  at: number,
  report: Partial<DrillReport> & { result: 'success' | 'fail' },
): JobRunCreate {
  return {
    run_id: runId,
    time_started: at,
    time_ended: at + 5,
    result: report.result,
    actions: [
      {
        action: 'drill',
        exit_code: report.result === 'success' ? 0 : 1,
        result: report.result,
        attempts: 1,
        time_started: at,
        time_ended: at + 5,
        metadata: { action: 'drill', ...report },
      },
    ],
  };
}

describe('drills: recorded with their runs', () => {
  const store = createStore({ path: ':memory:' });
  afterAll(() => store.close());

  it('keeps the history and, per backup job, the last drill and the last proven restorable', async () => {
    const backupJob = await store.jobs.create(scope, { client_id: 'node1', job_actions: [] });
    const drillJob = await store.jobs.create(scope, {
      client_id: 'node1',
      job_actions: [],
      verifies_job_id: backupJob,
    });
    const plain = await store.jobs.create(scope, { client_id: 'node2', job_actions: [] });
    await store.runs.record(
      scope,
      drillJob,
      drillRun('r1', 1000, { result: 'success', restore_seconds: 12.5 }),
    );
    await store.runs.record(
      scope,
      drillJob,
      drillRun('r2', 2000, { result: 'fail', error: 'restore failed: bad segment' }),
    );
    // A drill inside the job it verifies; and a retried run_id records nothing twice.
    await store.runs.record(scope, plain, drillRun('r3', 1500, { result: 'success', restore_seconds: 3 }));
    await store.runs.record(scope, plain, drillRun('r3', 1500, { result: 'success', restore_seconds: 3 }));
    // A run without drills records none; another project sees none.
    await store.runs.record(scope, plain, { ...drillRun('r4', 1600, { result: 'success' }), actions: [] });

    const history = await store.drills.list(scope, { limit: 10, offset: 0 }, { jobId: backupJob });
    expect(history.map((d) => [d.run_id, d.result, d.job_id, d.verified_job_id])).toEqual([
      ['r2', 'fail', drillJob, backupJob],
      ['r1', 'success', drillJob, backupJob],
    ]);
    expect(history[0]?.error).toBe('restore failed: bad segment');
    expect(history[1]).toMatchObject({ restore_seconds: 12.5, client_id: 'node1' });

    const status = await store.drills.lastPerJob(scope);
    const byJob = new Map(status.map((s) => [s.verified_job_id, s]));
    expect(byJob.size).toBe(2);
    expect(byJob.get(backupJob)?.last.run_id).toBe('r2');
    expect(byJob.get(backupJob)?.last_success?.run_id).toBe('r1');
    expect(byJob.get(plain)).toMatchObject({
      client_id: 'node2',
      last: { run_id: 'r3' },
      last_success: { run_id: 'r3' },
    });
    expect(await store.drills.lastPerJob(other)).toEqual([]);
    expect(await store.drills.list(other, { limit: 10, offset: 0 })).toEqual([]);
  });

  it('a drill action without a report (the agent was killed) is a failed drill', async () => {
    const job = await store.jobs.create(scope, { client_id: 'node3', job_actions: [] });
    const run = drillRun('r9', 3000, { result: 'fail' });
    const action = run.actions[0] as JobRunCreate['actions'][number];
    delete action.metadata;
    action.error = 'aborted';
    action.result = 'aborted';
    await store.runs.record(scope, job, run);
    const [drill] = await store.drills.list(scope, { limit: 1, offset: 0 }, { jobId: job });
    expect(drill).toMatchObject({ result: 'fail', error: 'aborted', restore_seconds: null });
  });
});
