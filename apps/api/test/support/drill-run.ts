import type { JobRunCreate } from '@freezer/schema';

/** A run record of one drill action lasting 5 s, as the scheduler posts it; `report` is the agent's metadata. */
export function drillRun(
  runId: string,
  at: number,
  result: 'success' | 'fail',
  report: Record<string, unknown> = {},
): JobRunCreate {
  return {
    run_id: runId,
    time_started: at,
    time_ended: at + 5,
    result,
    actions: [
      {
        action: 'drill',
        exit_code: result === 'success' ? 0 : 1,
        result,
        attempts: 1,
        time_started: at,
        time_ended: at + 5,
        metadata: { action: 'drill', result, ...report },
      },
    ],
  };
}
