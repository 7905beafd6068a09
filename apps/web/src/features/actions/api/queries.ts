import type { JobAction, ListOptions } from '@freezer/api-client';
import { useLiveQuery, useProjectMutation } from '../../../lib/project-queries';

export const useActions = (q: ListOptions) =>
  useLiveQuery(['actions', 'list', q], (api) => api.listActions(q), { keepPrevious: true });

export const useSaveAction = () =>
  useProjectMutation(async (api, v: { id?: string; action: JobAction }) => {
    const { action_id: _drop, ...body } = v.action;
    if (v.id) {
      await api.patchAction(v.id, body);
      return { action_id: v.id };
    }
    return { action_id: await api.createAction(body) };
  });

export const useDeleteActions = () =>
  useProjectMutation(async (api, ids: string[]) => {
    for (const id of ids) await api.deleteAction(id);
    return ids.length;
  });
