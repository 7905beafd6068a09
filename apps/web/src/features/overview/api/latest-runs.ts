import type { RunDoc } from '@freezer/api-client';

/** The newest run of each job, from a newest-first list of runs. */
export function latestRunByJob(runs: readonly RunDoc[] | null | undefined): Map<string, RunDoc> {
  const out = new Map<string, RunDoc>();
  for (const r of runs ?? []) if (!out.has(r.job_id)) out.set(r.job_id, r);
  return out;
}
