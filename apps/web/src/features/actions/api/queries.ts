import type { JobAction, ListOptions } from '@freezer/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

export function useActions(q: ListOptions) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'actions', 'list', q],
    queryFn: ({ signal }) => apiClient(project, signal).listActions(q),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

function useActionMutation<V, R>(fn: (project: string, v: V) => Promise<R>) {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => fn(project, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}

export const useSaveAction = () =>
  useActionMutation(async (p, v: { id?: string; action: JobAction }) => {
    const { action_id: _drop, ...body } = v.action;
    const api = apiClient(p);
    if (v.id) {
      await api.patchAction(v.id, body);
      return { action_id: v.id };
    }
    return { action_id: await api.createAction(body) };
  });

export const useDeleteActions = () =>
  useActionMutation(async (p, ids: string[]) => {
    const api = apiClient(p);
    for (const id of ids) await api.deleteAction(id);
    return ids.length;
  });
