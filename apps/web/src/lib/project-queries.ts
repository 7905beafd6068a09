import type { FreezerApiClient } from '@freezer/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from './api';
import { LIVE_INTERVAL_MS } from './live';
import { useProject } from './project';

/**
 * A live query of the current project: refetched every LIVE_INTERVAL_MS, keyed under the project so a
 * write's invalidation (`useProjectMutation`) refreshes it. `keepPrevious` shows the last page while a
 * list's next page or filter loads.
 */
export function useLiveQuery<T>(
  key: readonly unknown[],
  read: (api: FreezerApiClient) => Promise<T>,
  options: { enabled?: boolean; keepPrevious?: boolean } = {},
) {
  const { project } = useProject();
  return useQuery<T, Error, T, unknown[]>({
    enabled: options.enabled,
    queryKey: [project, ...key],
    queryFn: ({ signal }) => read(apiClient(project, signal)),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

/** A write in the current project; on success every query of the project refetches. */
export function useProjectMutation<V, R>(fn: (api: FreezerApiClient, v: V) => Promise<R>) {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => fn(apiClient(project), v),
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}
