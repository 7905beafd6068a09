import type { RunDoc } from '@freezer/api-client';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Totals over a run's action reports; runs from agents that report no metrics give zeros. */
export function runStats(run: RunDoc): {
  duration: number | null;
  bytesRead: number;
  bytesStored: number;
  throughput: number;
} {
  // A stock-shaped or partial record may lack the list.
  const reports = Array.isArray(run.actions) ? run.actions : [];
  const bytesRead = reports.reduce((s, a) => s + num(a.metadata?.bytes_read), 0);
  const bytesStored = reports.reduce((s, a) => s + num(a.metadata?.bytes_stored), 0);
  const throughput = reports.reduce((m, a) => Math.max(m, num(a.metadata?.throughput_bps)), 0);
  const duration =
    run.time_started > 0 && run.time_ended >= run.time_started ? run.time_ended - run.time_started : null;
  return { duration, bytesRead, bytesStored, throughput };
}
