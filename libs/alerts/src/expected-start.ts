import { parseScheduleDate } from '@freezer/schema';
import { createTrigger, parseInterval } from '@freezer/scheduler';
import type { JobFacts } from './facts.js';

// Statuses in which a job is not expected to start: stopped by an operator, finished for good,
// being removed. A running job has started.
const IDLE_STATUSES = new Set(['stop', 'completed', 'removed', 'running', 'aborting']);

/**
 * When the job's next start was due, epoch seconds, or null when none is due (stopped, finished,
 * its schedule exhausted). The same trigger code the scheduler fires slots with computes it, in
 * the job's `schedule_timezone` (UTC when it has none: the API does not know the node's zone).
 */
export function expectedStart(job: JobFacts): number | null {
  const s = job.schedule;
  if (IDLE_STATUSES.has(s.status ?? '')) return null;
  const sinceMs = (job.lastStartedAt ?? job.createdAt) * 1000;
  try {
    // An interval job's slots are anchored where its node armed it, which the API cannot see: the
    // next one is due one period after the last start.
    if (s.schedule_interval && !s.schedule_date && job.lastStartedAt !== null) {
      const due = sinceMs + parseInterval(s.schedule_interval);
      const zone = s.schedule_timezone ?? 'UTC';
      const end = s.schedule_end_date ? parseScheduleDate(s.schedule_end_date, zone) : undefined;
      return end !== undefined && due > end ? null : Math.floor(due / 1000);
    }
    const trigger = createTrigger(s, { armedAt: job.createdAt * 1000, zone: 'UTC' });
    const next = trigger.nextAfter(sinceMs);
    return next === null ? null : Math.floor(next / 1000);
  } catch {
    // A schedule the scheduler itself cannot read never fires: reported as failed by the node.
    return null;
  }
}
