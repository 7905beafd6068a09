import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath, withListQuery, type ListQuery } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import type { BackupDoc } from './types';

const enc = encodeURIComponent;

export function useBackups(q: ListQuery) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'backups', 'list', q],
    queryFn: ({ signal }) =>
      apiRequest<{ backups: BackupDoc[] }>(withListQuery(projectPath(project, '/backups'), q), {
        signal,
      }).then((b) => b.backups ?? []),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useBackup(id: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'backups', 'one', id],
    queryFn: ({ signal }) => apiRequest<BackupDoc>(projectPath(project, `/backups/${enc(id)}`), { signal }),
  });
}

export function useDeleteBackups() {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids)
        await apiRequest<void>(projectPath(project, `/backups/${enc(id)}`), { method: 'DELETE' });
      return ids.length;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}
