import type { NewJob } from '@freezer/api-client';

/** A job's RPO and RTO targets as the editor holds them: hours and minutes, '' = no target. */
export interface TargetsForm {
  rpoHours: string;
  rtoMinutes: string;
}

const positive = (v: string): boolean => v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) > 0;

export function targetsFromJob(
  job: { rpo_seconds?: number | null; rto_seconds?: number | null } | undefined,
): TargetsForm {
  return {
    rpoHours: job?.rpo_seconds ? String(+(job.rpo_seconds / 3600).toFixed(2)) : '',
    rtoMinutes: job?.rto_seconds ? String(+(job.rto_seconds / 60).toFixed(2)) : '',
  };
}

export function targetErrors(t: TargetsForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (t.rpoHours.trim() && !positive(t.rpoHours)) e.rpoHours = 'A number of hours above 0, or empty.';
  if (t.rtoMinutes.trim() && !positive(t.rtoMinutes)) e.rtoMinutes = 'A number of minutes above 0, or empty.';
  return e;
}

/** The job keys: seconds, or null to clear a target on save. */
export function targetsOf(t: TargetsForm): Pick<NewJob, 'rpo_seconds' | 'rto_seconds'> {
  return {
    rpo_seconds: positive(t.rpoHours) ? Math.max(1, Math.round(Number(t.rpoHours) * 3600)) : null,
    rto_seconds: positive(t.rtoMinutes) ? Math.max(1, Math.round(Number(t.rtoMinutes) * 60)) : null,
  };
}
