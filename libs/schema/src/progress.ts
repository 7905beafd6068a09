import { z } from 'zod';
import { PROGRESS_PHASES } from './vocabulary.js';

const count = z.number().int().min(0);
const amount = z.number().min(0);

/**
 * One progress event of a running agent action: a JSON line of `freezer-agent --progress json`, and
 * the body the scheduler forwards to `POST /v2/{project}/jobs/{id}/progress`. Totals, percent and ETA
 * are present only once known (the source tree is measured while the backup already runs).
 */
export const ProgressEvent = z.strictObject({
  phase: z.enum(PROGRESS_PHASES),
  /** The agent action this event belongs to (backup, restore). */
  action: z.string().max(32).optional(),
  files_done: count,
  files_total: count.optional(),
  bytes_read: count,
  bytes_total: count.optional(),
  bytes_stored: count,
  /** Bytes read per second since the action started. */
  rate: amount,
  eta_seconds: amount.optional(),
  percent: z.number().min(0).max(100).optional(),
  elapsed_seconds: amount,
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

/** The latest progress of one job as the API keeps and pushes it (SSE `progress` events, the poll). */
export const JobProgress = ProgressEvent.extend({
  job_id: z.string(),
  /** Epoch milliseconds when the API received it. */
  received_at: count,
});
export type JobProgress = z.infer<typeof JobProgress>;

/** GET /v2/{project}/jobs/progress: every running job's latest progress (the fallback to SSE). */
export const JobProgressList = z.object({ progress: z.array(JobProgress) });
export type JobProgressList = z.infer<typeof JobProgressList>;
