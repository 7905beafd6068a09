import { z } from 'zod';
import { int } from './common.js';
import { DRILL_MISMATCH_LIST_MAX, DRILL_RESULTS } from './vocabulary.js';

export const DrillResult = z.enum(DRILL_RESULTS);
export type DrillResult = z.infer<typeof DrillResult>;

/** One restored entry that does not match the point's catalog. */
export const DrillMismatch = z.object({
  path: z.string(),
  /** What differs: missing, type, size, mode, mtime, link, sha256. */
  field: z.string(),
  expected: z.union([z.string(), z.number()]).optional(),
  found: z.union([z.string(), z.number()]).optional(),
});
export type DrillMismatch = z.infer<typeof DrillMismatch>;

/** The probe command's outcome (`--drill-probe`). */
export const DrillProbe = z.object({
  command: z.string(),
  exit_code: int,
  duration_s: z.number().min(0),
  /** The end of what it printed. */
  output_tail: z.string(),
});
export type DrillProbe = z.infer<typeof DrillProbe>;

/**
 * What `freezer-agent --action drill --metadata-out` writes, success or not; the scheduler sends it in
 * the run record (its action's `metadata`) and the API keeps it as a drill.
 */
export const DrillReport = z.looseObject({
  action: z.literal('drill'),
  result: DrillResult,
  /** One line: why the drill failed (restore error, catalog mismatch, probe exit code). */
  error: z.string().optional(),
  hostname: z.string().optional(),
  backup_name: z.string().optional(),
  /** The restored point: its time stamp, level and chain. */
  time_stamp: int.optional(),
  curr_backup_level: int.min(0).optional(),
  level_zero_timestamp: int.optional(),
  backup_uuid: z.string().optional(),
  /** The measured RTO: seconds from the first storage read to the last restored byte. */
  restore_seconds: z.number().min(0).optional(),
  bytes_restored: int.min(0).optional(),
  files: int.min(0).optional(),
  /** Restored bytes per second. */
  rate_bps: z.number().min(0).optional(),
  /** Whether the point has a catalog to check against (stock points and dumps have none). */
  catalog: z.boolean().optional(),
  entries_checked: int.min(0).optional(),
  digests_checked: int.min(0).optional(),
  mismatch_count: int.min(0).optional(),
  mismatches: z.array(DrillMismatch).max(DRILL_MISMATCH_LIST_MAX).optional(),
  probe: DrillProbe.optional(),
  time_started: int.optional(),
  time_ended: int.optional(),
  duration_s: z.number().min(0).optional(),
});
export type DrillReport = z.infer<typeof DrillReport>;

/** One drill as the API keeps it (GET /v2/{project}/drills). */
export const DrillDoc = z.object({
  drill_id: z.string(),
  /** The run that carried it (one run may hold several drill actions: `drill_id` is `<run>-<index>`). */
  run_id: z.string(),
  /** The job that ran the drill. */
  job_id: z.string(),
  /** The backup job it proves: the drill job's `verifies_job_id`, else the job itself. */
  verified_job_id: z.string(),
  client_id: z.string().nullable(),
  project_id: z.string(),
  time_started: int,
  time_ended: int,
  result: DrillResult,
  error: z.string().optional(),
  restore_seconds: z.number().min(0).nullable(),
  report: DrillReport,
  /** Epoch seconds when the API stored it. */
  recorded_at: int,
});
export type DrillDoc = z.infer<typeof DrillDoc>;

/** Per backup job: its newest drill and its newest successful one ("last proven restorable"). */
export const DrillStatus = z.object({
  verified_job_id: z.string(),
  client_id: z.string().nullable(),
  last: DrillDoc,
  last_success: DrillDoc.nullable(),
});
export type DrillStatus = z.infer<typeof DrillStatus>;
