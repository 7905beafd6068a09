import { useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import { STALE_AFTER_SEC } from '../../clients/api/liveness';
import type { Health, MetricsSummary, TimeseriesDay } from './types';

export function useHealth() {
  return useQuery({
    queryKey: ['healthz'],
    queryFn: ({ signal }) => apiRequest<Health>('/healthz', { signal }),
    refetchInterval: LIVE_INTERVAL_MS,
    retry: false,
  });
}

async function countList(project: string, resource: string, signal: AbortSignal): Promise<unknown[]> {
  const body = await apiRequest<Record<string, unknown[]>>(projectPath(project, `/${resource}?limit=-1`), {
    signal,
  });
  return body[resource] ?? [];
}

/** Counts from the summary endpoint; an API without it (404) is counted through the list endpoints. */
export async function fetchSummary(project: string, signal: AbortSignal): Promise<MetricsSummary> {
  try {
    return await apiRequest<MetricsSummary>(
      projectPath(project, `/metrics/summary?stale_after=${STALE_AFTER_SEC}`),
      { signal },
    );
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
  }
  const [jobs, clients, sessions, backups] = await Promise.all(
    ['jobs', 'clients', 'sessions', 'backups'].map((r) => countList(project, r, signal)),
  );
  return {
    clients: { total: clients?.length ?? 0, online: 0, stale: 0 },
    jobs: { total: jobs?.length ?? 0, by_status: {}, by_result: {} },
    sessions: { total: sessions?.length ?? 0 },
    backups: { total: backups?.length ?? 0, bytes_stored: 0 },
    runs_24h: { total: 0, success: 0, fail: 0, success_rate: null },
  };
}

export function useSummary() {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'metrics', 'summary'],
    queryFn: ({ signal }) => fetchSummary(project, signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useTimeseries(days: number) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'metrics', 'timeseries', days],
    queryFn: ({ signal }) =>
      apiRequest<{ days: TimeseriesDay[] }>(projectPath(project, `/metrics/timeseries?days=${days}`), {
        signal,
      }),
    refetchInterval: LIVE_INTERVAL_MS * 5,
  });
}
