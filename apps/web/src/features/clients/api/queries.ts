import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath, withListQuery, type ListQuery } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import type { ClientDoc } from './types';

export function useClients(q: ListQuery) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'clients', 'list', q],
    queryFn: ({ signal }) =>
      apiRequest<{ clients: ClientDoc[] }>(withListQuery(projectPath(project, '/clients'), q), {
        signal,
      }).then((b) => b.clients ?? []),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useClient(clientId: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'clients', 'one', clientId],
    queryFn: ({ signal }) =>
      apiRequest<ClientDoc>(projectPath(project, `/clients/${encodeURIComponent(clientId)}`), { signal }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useDeleteClients() {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids)
        await apiRequest<void>(projectPath(project, `/clients/${encodeURIComponent(id)}`), {
          method: 'DELETE',
        });
      return ids.length;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}

/** Client ids for pickers (wizard, restore dialog). */
export function useClientIds(): string[] {
  const clients = useClients({ limit: -1 });
  return (clients.data ?? []).map((c) => c.client.client_id);
}
