// Local shapes of the extension endpoints until @freezer/schema exports them.
export interface Health {
  status: string;
  [key: string]: unknown;
}

export interface MetricsSummary {
  clients: { total: number; online: number; stale: number };
  jobs: { total: number; by_status: Record<string, number>; by_result: Record<string, number> };
  sessions: { total: number };
  backups: { total: number; bytes_stored: number };
  runs_24h: { total: number; success: number; fail: number; success_rate: number | null };
}

export interface TimeseriesDay {
  date: string;
  backups_success: number;
  backups_fail: number;
  bytes_stored: number;
  runs_success: number;
  runs_fail: number;
}
