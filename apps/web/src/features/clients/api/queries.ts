import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListOptions } from '@freezer/api-client';
import { apiClient, found } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

export function useClients(q: ListOptions) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'clients', 'list', q],
    queryFn: ({ signal }) => apiClient(project, signal).listClients(q),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useClient(clientId: string, enabled = true) {
  const { project } = useProject();
  return useQuery({
    enabled: enabled && clientId !== '',
    queryKey: [project, 'clients', 'one', clientId],
    queryFn: async ({ signal }) =>
      found(await apiClient(project, signal).getClient(clientId), 'Client', clientId),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useDeleteClients() {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const api = apiClient(project);
      for (const id of ids) await api.deleteClient(id);
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
