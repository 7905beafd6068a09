import type { JobEventRequest } from '@freezer/schema';
import type { JobPatch, ListOptions, NewJob } from '@freezer/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient, found } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

export function useJobs(q: ListOptions) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'list', q],
    queryFn: ({ signal }) => apiClient(project, signal).listJobs(q),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useJob(jobId: string | undefined) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'one', jobId],
    queryFn: async ({ signal }) =>
      found(await apiClient(project, signal).getJob(jobId ?? ''), 'Job', jobId ?? ''),
    enabled: Boolean(jobId),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** A job's run history; null when the API has no runs route (the stock API). */
export function useJobRuns(jobId: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'runs', jobId],
    queryFn: ({ signal }) => apiClient(project, signal).listRuns(jobId),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

function useInvalidateProject() {
  const { project } = useProject();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [project] });
}

export function useCreateJob() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: async (job: NewJob) => ({ job_id: await apiClient(project).createJob(job) }),
    onSuccess: invalidate,
  });
}

export function useUpdateJob() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    // PATCH replaces each top-level key wholesale, so the wizard always sends the full schedule and actions.
    mutationFn: async ({ jobId, job }: { jobId: string; job: JobPatch }) => {
      await apiClient(project).patchJob(jobId, job);
      return { job_id: jobId };
    },
    onSuccess: invalidate,
  });
}

export function useDeleteJobs() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const api = apiClient(project);
      for (const id of ids) await api.deleteJob(id);
      return ids.length;
    },
    onSuccess: invalidate,
  });
}

/** "Back up now" for one or more jobs: one run each at once, their schedules left alone. */
export function useRunNow() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const api = apiClient(project);
      const results: string[] = [];
      for (const id of ids) results.push(await api.jobEvent(id, 'run_now'));
      return results;
    },
    onSuccess: invalidate,
  });
}

export function useJobEvent() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: async ({ jobId, event }: { jobId: string; event: JobEventRequest }) => ({
      result: await apiClient(project).jobEvent(jobId, event),
    }),
    onSuccess: invalidate,
  });
}
