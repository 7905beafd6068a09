import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

/** How many of the newest backups the page reads for ages and trends. */
export const BACKUPS_READ = 2000;

/** Everything the RPO/RTO page needs: the jobs, the newest backups and each job's drill status. */
export function useAssuranceData() {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'assurance'],
    queryFn: async ({ signal }) => {
      const api = apiClient(project, signal);
      const [jobs, backups, drills] = await Promise.all([
        api.listAllJobs(),
        api.listBackups({ limit: BACKUPS_READ, sort: 'time_stamp', order: 'desc' }),
        api.drillStatus(),
      ]);
      return { jobs, backups, drills };
    },
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** A job's drill history, newest first. */
export function useJobDrills(jobId: string | undefined) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'drills', jobId],
    queryFn: ({ signal }) => apiClient(project, signal).listDrills({ jobId, limit: 100 }),
    enabled: Boolean(jobId),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
