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

/**
 * Server-advised pacing: every progress answer of our API says how often it wants a node's progress,
 * in seconds (a stock API says nothing: the node keeps its default). A single post carries it in this
 * response header; a stream in its response headers and then in control lines of its response body.
 */
export const PROGRESS_INTERVAL_HEADER = 'freezer-progress-interval';
/** The bounds a node holds the advice to, whatever an API or a proxy sends. */
export const PROGRESS_INTERVAL_MIN_S = 1;
export const PROGRESS_INTERVAL_MAX_S = 60;

/**
 * A control line of a progress stream's response body: the interval the API now wants. The stream's
 * last line (`{"accepted":N}` or an error) is not one.
 */
export const ProgressAdvice = z.object({ progress_interval: z.number() });
export type ProgressAdvice = z.infer<typeof ProgressAdvice>;

/**
 * The advised interval in seconds from a header value or a control line's number, held to
 * [PROGRESS_INTERVAL_MIN_S, PROGRESS_INTERVAL_MAX_S]; undefined for anything that is not a finite
 * positive number (junk is ignored, not clamped: "abc" or -5 is no advice).
 */
export function parseProgressInterval(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.min(PROGRESS_INTERVAL_MAX_S, Math.max(PROGRESS_INTERVAL_MIN_S, n));
}
