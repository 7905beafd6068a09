import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListOptions } from '@freezer/api-client';
import { apiClient, found } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

export function useBackups(q: ListOptions) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'backups', 'list', q],
    queryFn: ({ signal }) => apiClient(project, signal).listBackups(q),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useBackup(id: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'backups', 'one', id],
    queryFn: async ({ signal }) => found(await apiClient(project, signal).getBackup(id), 'Backup', id),
  });
}

export function useDeleteBackups() {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const api = apiClient(project);
      for (const id of ids) await api.deleteBackup(id);
      return ids.length;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}
