import type { JobDoc as Job } from '@freezer/api-client';

const UNIT_SECONDS: Record<string, number> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
  weeks: 604800,
};

/**
 * A job is late when an interval job has not started for two of its intervals (at least a minute of
 * slack), i.e. its scheduler node is down or stuck. One-shot and cron jobs are never called late here.
 */
export function isLate(job: Job, nowSec: number): boolean {
  const s = job.job_schedule ?? {};
  if (s.status === 'running' || s.event === 'stop' || s.status === 'stop' || s.status === 'removed')
    return false;
  const m = /^(\d+) +(weeks|days|hours|minutes|seconds)$/.exec(s.schedule_interval ?? '');
  if (!m) return false;
  const interval = Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 0);
  const last = Math.max(s.time_started ?? -1, s.time_created ?? -1);
  if (last < 0 || interval <= 0) return false;
  return nowSec - last > 2 * interval + 60;
}
