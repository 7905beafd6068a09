import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';

interface ProjectsResponse {
  projects: (string | { project_id?: string; id?: string; name?: string })[];
}

function projectId(p: ProjectsResponse['projects'][number]): string {
  if (typeof p === 'string') return p;
  return p.project_id ?? p.id ?? p.name ?? '';
}

export function useProjects() {
  return useQuery({
    queryKey: ['projects'],
    queryFn: async ({ signal }) => {
      const body = await apiRequest<ProjectsResponse>('/v2/projects', { signal });
      return (body.projects ?? []).map(projectId).filter(Boolean);
    },
    refetchInterval: 30_000,
    retry: false,
  });
}
