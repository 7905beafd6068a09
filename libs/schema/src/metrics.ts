import { z } from 'zod';

export const MetricsSummary = z.object({
  clients: z.object({ total: z.number().int(), online: z.number().int(), stale: z.number().int() }),
  jobs: z.object({
    total: z.number().int(),
    by_status: z.record(z.string(), z.number().int()),
    by_result: z.record(z.string(), z.number().int()),
  }),
  sessions: z.object({ total: z.number().int() }),
  backups: z.object({ total: z.number().int(), bytes_stored: z.number().int() }),
  runs_24h: z.object({
    total: z.number().int(),
    success: z.number().int(),
    fail: z.number().int(),
    /** success / total in 0..1; null when there was no run. */
    success_rate: z.number().nullable(),
  }),
});
export type MetricsSummary = z.infer<typeof MetricsSummary>;

export const MetricsDay = z.object({
  date: z.string(),
  backups_success: z.number().int(),
  backups_fail: z.number().int(),
  bytes_stored: z.number().int(),
  runs_success: z.number().int(),
  runs_fail: z.number().int(),
});
export type MetricsDay = z.infer<typeof MetricsDay>;

export const MetricsTimeseries = z.object({ days: z.array(MetricsDay) });
export type MetricsTimeseries = z.infer<typeof MetricsTimeseries>;

/** GET /healthz (200, or 503 when the database does not answer). */
/** `/healthz`: anonymous callers get only the status; a global administrator also the version and database. */
export const Health = z.object({
  status: z.string(),
  version: z.string().optional(),
  db: z.object({ status: z.string(), path: z.string() }).optional(),
});
export type Health = z.infer<typeof Health>;

export const ProjectList = z.object({ projects: z.array(z.string()) });
export type ProjectList = z.infer<typeof ProjectList>;
