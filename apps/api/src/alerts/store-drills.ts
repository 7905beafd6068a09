import type { DrillSource, LastDrill } from '@freezer/alerts';
import type { Store } from '@freezer/store';

/**
 * The evaluator's view of the drills table: each verified job's latest drill, whoever ran it
 * (alerts are per project, so the project is read as shared).
 */
export function storeDrills(store: Store): DrillSource {
  return {
    async lastDrills(projectId) {
      const statuses = await store.drills.lastPerJob({ projectId, userId: '', sharedProject: true });
      const byJob = new Map<string, LastDrill>();
      for (const { verified_job_id, last } of statuses) {
        byJob.set(verified_job_id, {
          at: last.time_ended,
          passed: last.result === 'success',
          ...(last.error ? { reason: last.error } : {}),
        });
      }
      return byJob;
    },
  };
}
