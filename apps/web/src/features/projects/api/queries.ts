import type { ProjectList } from '@freezer/schema';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';

export function useProjects() {
  return useQuery({
    queryKey: ['projects'],
    queryFn: async ({ signal }) => {
      const body = await apiRequest<ProjectList>('/v2/projects', { signal });
      return (body.projects ?? []).filter(Boolean);
    },
    refetchInterval: 30_000,
    retry: false,
  });
}
