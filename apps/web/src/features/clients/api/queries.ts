import type { ListOptions } from '@freezer/api-client';
import { found } from '../../../lib/api';
import { useLiveQuery, useProjectMutation } from '../../../lib/project-queries';

export const useClients = (q: ListOptions) =>
  useLiveQuery(['clients', 'list', q], (api) => api.listClients(q), { keepPrevious: true });

export const useClient = (clientId: string, enabled = true) =>
  useLiveQuery(
    ['clients', 'one', clientId],
    async (api) => found(await api.getClient(clientId), 'Client', clientId),
    { enabled: enabled && clientId !== '' },
  );

export const useDeleteClients = () =>
  useProjectMutation(async (api, ids: string[]) => {
    for (const id of ids) await api.deleteClient(id);
    return ids.length;
  });

/** Client ids for pickers (wizard, restore dialog). */
export function useClientIds(): string[] {
  const clients = useClients({ limit: -1 });
  return (clients.data ?? []).map((c) => c.client.client_id);
}
