import { z } from 'zod';
import { epochSeconds, int } from './common.js';
import { isTimeZone } from './time-zone.js';
import { JOB_EVENTS, JOB_RESULTS, JOB_STATUSES } from './vocabulary.js';

export const JobEvent = z.enum(JOB_EVENTS);
export const JobStatus = z.enum(JOB_STATUSES);
export const JobResult = z.enum(JOB_RESULTS);
export type JobEvent = z.infer<typeof JobEvent>;
export type JobStatus = z.infer<typeof JobStatus>;
export type JobResult = z.infer<typeof JobResult>;

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/, {
  message: 'must be an ISO date-time YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]',
});

export const scheduleIntervalPattern = /^(continuous|(\d+ +(weeks|days|hours|minutes|seconds)))$/;

/** `job_schedule` (and a session's `schedule`): closed, the stock keys plus `schedule_timezone`. */
export const JobSchedule = z.strictObject({
  time_created: epochSeconds.optional(),
  time_started: epochSeconds.optional(),
  time_ended: epochSeconds.optional(),
  event: JobEvent.optional(),
  status: JobStatus.optional(),
  result: JobResult.optional(),
  schedule_date: isoDateTime.optional(),
  schedule_interval: z
    .string()
    .regex(scheduleIntervalPattern, {
      message: 'must be "continuous" or "<N> weeks|days|hours|minutes|seconds"',
    })
    .optional(),
  schedule_start_date: isoDateTime.optional(),
  schedule_end_date: isoDateTime.optional(),
  schedule_year: z
    .string()
    .regex(/^\d{4}$/, { message: 'must be a 4-digit year' })
    .optional(),
  schedule_month: z.string().optional(),
  schedule_day: z.string().optional(),
  schedule_week: z.string().optional(),
  schedule_day_of_week: z.string().optional(),
  schedule_hour: z.string().optional(),
  schedule_minute: z.string().optional(),
  schedule_second: z.string().optional(),
  /** Extension: IANA zone for the cron fields and naive dates (stock: the node's local time). */
  schedule_timezone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris" or "UTC"' })
    .optional(),
  current_pid: int.nullable().optional(),
  /**
   * Extension: epoch seconds of a pending "back up now" request; our scheduler runs the job once and
   * removes the key, leaving the schedule, the next slot and the status as they were.
   */
  run_now: epochSeconds.optional(),
});
export type JobSchedule = z.infer<typeof JobSchedule>;
