import type { FreezerApiClient } from '@freezer/api-client';
import type { MetricsSummary } from '@freezer/schema';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';
import { STALE_AFTER_SEC } from '../../clients/api/liveness';

export function useHealth() {
  return useQuery({
    queryKey: ['healthz'],
    queryFn: ({ signal }) => apiClient(undefined, signal).health(),
    refetchInterval: LIVE_INTERVAL_MS,
    retry: false,
  });
}

/** Counts from the summary endpoint; an API without it (the stock API) is counted through the lists. */
export async function fetchSummary(api: FreezerApiClient): Promise<MetricsSummary> {
  const summary = await api.metricsSummary(STALE_AFTER_SEC);
  if (summary) return summary;
  const [jobs, clients, sessions, backups] = await Promise.all([
    api.listJobs({ limit: -1 }),
    api.listClients({ limit: -1 }),
    api.listSessions({ limit: -1 }),
    api.listBackups({ limit: -1 }),
  ]);
  return {
    clients: { total: clients.length, online: 0, stale: 0 },
    jobs: { total: jobs.length, by_status: {}, by_result: {} },
    sessions: { total: sessions.length },
    backups: { total: backups.length, bytes_stored: 0 },
    runs_24h: { total: 0, success: 0, fail: 0, success_rate: null },
  };
}

export function useSummary() {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'metrics', 'summary'],
    queryFn: ({ signal }) => fetchSummary(apiClient(project, signal)),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useTimeseries(days: number) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'metrics', 'timeseries', days],
    queryFn: ({ signal }) => apiClient(project, signal).metricsTimeseries(days),
    refetchInterval: LIVE_INTERVAL_MS * 5,
  });
}

/** The newest runs of every job (null when the API keeps no runs): the overview's failure reasons. */
export function useRecentRuns(limit = 500) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'runs', 'recent', limit],
    queryFn: ({ signal }) => apiClient(project, signal).listProjectRuns({ limit }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
