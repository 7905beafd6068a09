import { z } from 'zod';
import { clientIdString, idString, int } from './common.js';
import { FreezerAction } from './freezer-action.js';
import { JobSchedule } from './job-schedule.js';

/** One entry of `job_actions`: open like the stock schema, with its known keys typed. */
export const JobAction = z.looseObject({
  freezer_action: FreezerAction,
  max_retries: int.min(0).optional(),
  max_retries_interval: int.min(0).optional(),
  mandatory: z.boolean().optional(),
  action_id: idString.optional(),
  user_id: z.string().optional(),
  project_id: z.string().optional(),
});
export type JobAction = z.infer<typeof JobAction>;

const sessionId = z.string().regex(/^[\w-]*$/, { message: 'must match ^[\\w-]*$' });

const jobFields = {
  job_actions: z.array(JobAction),
  job_schedule: JobSchedule.optional(),
  job_id: idString.optional(),
  client_id: clientIdString,
  session_id: sessionId.optional(),
  session_tag: int.optional(),
  session_name: z.string().optional(),
  user_id: z.string().optional(),
  project_id: z.string().optional(),
  description: z.string().nullable().optional(),
  /** Optimistic concurrency: when given on PATCH it must equal the stored version. */
  _version: int.optional(),
  /** Copied into every `job_actions[].freezer_action` that lacks the key, then dropped. */
  action_defaults: z.record(z.string(), z.unknown()).optional(),
  /** Recovery point objective (extension): the oldest a last good backup may be, in seconds. */
  rpo_seconds: int.min(1).nullable().optional(),
  /** Recovery time objective (extension): the longest a restore may take, in seconds (drills measure it). */
  rto_seconds: int.min(1).nullable().optional(),
  /**
   * On a drill job (extension): the backup job whose points it restores, so its drills count for that
   * job ("verify by restore" in the dashboard creates such a job beside the backup job).
   */
  verifies_job_id: idString.nullable().optional(),
};

/** POST /jobs and POST /jobs/{id}: closed (`additionalProperties: false` in the stock schema). */
export const JobCreate = z.strictObject(jobFields);
export type JobCreate = z.infer<typeof JobCreate>;

/** PATCH /jobs/{id}: the same keys, none required. */
export const JobPatch = z.strictObject({
  ...jobFields,
  job_actions: jobFields.job_actions.optional(),
  client_id: jobFields.client_id.optional(),
});
export type JobPatch = z.infer<typeof JobPatch>;

/** A job as the API returns it (GET one, list items). */
export const JobDoc = z.looseObject({
  job_id: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  job_schedule: JobSchedule,
  client_id: z.string(),
  session_id: z.string(),
  session_tag: z.number().int(),
  description: z.string().nullable(),
  job_actions: z.array(JobAction),
  rpo_seconds: jobFields.rpo_seconds,
  rto_seconds: jobFields.rto_seconds,
  verifies_job_id: jobFields.verifies_job_id,
});
export type JobDoc = z.infer<typeof JobDoc>;

/** POST /jobs/{id}/event: exactly one of JOB_EVENT_REQUESTS as key; its value is ignored (the CLI sends null). */
export const JobEventBody = z.record(z.string(), z.unknown());
