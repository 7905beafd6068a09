import { useClients } from './queries';

/** The time zones the nodes reported at registration, each once, sorted. */
export function useNodeZones(): string[] {
  const clients = useClients({ limit: -1 });
  const zones = new Set<string>();
  for (const c of clients.data ?? []) if (c.client?.time_zone) zones.add(c.client.time_zone);
  return [...zones].sort();
}
