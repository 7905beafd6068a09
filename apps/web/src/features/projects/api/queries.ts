import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';

export function useProjects() {
  return useQuery({
    queryKey: ['projects'],
    queryFn: async ({ signal }) => (await apiClient(undefined, signal).listProjects()).filter(Boolean),
    refetchInterval: 30_000,
    retry: false,
  });
}
