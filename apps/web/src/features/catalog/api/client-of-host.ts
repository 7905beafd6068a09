import { useClients } from '../../clients/api/queries';

/**
 * The registered client of each hostname, for naming the node a version came from; the hostname
 * itself when no client registered with it (a stock scheduler, or a node since removed).
 */
export function useClientOfHost(): (hostname: string) => string {
  const clients = useClients({ limit: -1 });
  const byHost = new Map<string, string>();
  for (const c of clients.data ?? [])
    if (c.client.hostname) byHost.set(c.client.hostname, c.client.client_id);
  return (hostname) => byHost.get(hostname) ?? hostname;
}
