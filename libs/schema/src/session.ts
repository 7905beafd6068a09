import { z } from 'zod';
import { idString, int } from './common.js';
import { JobSchedule, JobResult, JobStatus } from './job-schedule.js';

/** The per-job entry kept in a session's `jobs` map. */
export const SessionJob = z.looseObject({
  client_id: z.string().optional(),
  status: JobStatus.or(z.string()).optional(),
  result: JobResult.or(z.string()).optional(),
  time_started: int.optional(),
  time_ended: int.optional(),
});
export type SessionJob = z.infer<typeof SessionJob>;

const sessionFields = {
  schedule: JobSchedule,
  session_id: idString.optional(),
  session_tag: int.min(0).optional(),
  description: z.string().nullable().optional(),
  hold_off: int.min(0).optional(),
  status: z.string().nullable().optional(),
  result: z.string().nullable().optional(),
  time_start: int.optional(),
  time_end: int.optional(),
  time_started: int.optional(),
  time_ended: int.optional(),
  jobs: z.record(z.string(), SessionJob).nullable().optional(),
  user_id: z.string().optional(),
  project_id: z.string().optional(),
  _version: int.optional(),
};

/** POST /sessions: open like the stock schema, `schedule` required. */
export const SessionCreate = z.looseObject(sessionFields);
export type SessionCreate = z.infer<typeof SessionCreate>;

export const SessionPatch = z.looseObject({ ...sessionFields, schedule: JobSchedule.optional() });
export type SessionPatch = z.infer<typeof SessionPatch>;

export const SessionDoc = z.object({
  project_id: z.string(),
  session_id: z.string(),
  user_id: z.string(),
  description: z.string().nullable(),
  session_tag: z.number().int(),
  result: z.string().nullable(),
  hold_off: z.number().int(),
  status: z.string().nullable(),
  time_ended: z.number().int(),
  time_started: z.number().int(),
  time_end: z.number().int(),
  time_start: z.number().int(),
  schedule: JobSchedule,
  jobs: z.record(z.string(), SessionJob).optional(),
});
export type SessionDoc = z.infer<typeof SessionDoc>;

/** `current_tag` is an int from the scheduler and a numeric string from `freezer session-start`. */
const currentTag = z.union([int, z.string().regex(/^-?\d+$/, { message: 'must be an integer' })]);

export const SessionActionBody = z.union([
  z.strictObject({ start: z.looseObject({ job_id: idString, current_tag: currentTag }) }),
  z.strictObject({
    end: z.looseObject({ job_id: idString, current_tag: currentTag.optional(), result: z.string() }),
  }),
]);
export type SessionActionBody = z.infer<typeof SessionActionBody>;

export const SessionActionResult = z.object({ result: z.string(), session_tag: z.number().int() });
export type SessionActionResult = z.infer<typeof SessionActionResult>;
