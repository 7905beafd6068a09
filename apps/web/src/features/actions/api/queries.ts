import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath, withListQuery, type ListQuery } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import type { JobAction } from '../../jobs/api/types';

export interface ActionDoc extends JobAction {
  action_id: string;
}

const enc = encodeURIComponent;

export function useActions(q: ListQuery) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'actions', 'list', q],
    queryFn: ({ signal }) =>
      apiRequest<{ actions: ActionDoc[] }>(withListQuery(projectPath(project, '/actions'), q), {
        signal,
      }).then((b) => b.actions ?? []),
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
  useActionMutation((p, v: { id?: string; action: JobAction }) => {
    const { action_id: _drop, ...body } = v.action;
    return v.id
      ? apiRequest<unknown>(projectPath(p, `/actions/${enc(v.id)}`), { method: 'PATCH', body })
      : apiRequest<{ action_id: string }>(projectPath(p, '/actions'), { method: 'POST', body });
  });

export const useDeleteActions = () =>
  useActionMutation(async (p, ids: string[]) => {
    for (const id of ids) await apiRequest<void>(projectPath(p, `/actions/${enc(id)}`), { method: 'DELETE' });
    return ids.length;
  });
