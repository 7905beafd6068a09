import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath, withListQuery, type ListQuery } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import type { Job, JobEvent, JobInput, JobRun } from './types';

export function useJobs(q: ListQuery) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'list', q],
    queryFn: ({ signal }) =>
      apiRequest<{ jobs: Job[] }>(withListQuery(projectPath(project, '/jobs'), q), { signal }).then(
        (b) => b.jobs ?? [],
      ),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useJob(jobId: string | undefined) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'one', jobId],
    queryFn: ({ signal }) =>
      apiRequest<Job>(projectPath(project, `/jobs/${encodeURIComponent(jobId ?? '')}`), { signal }),
    enabled: Boolean(jobId),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useJobRuns(jobId: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'jobs', 'runs', jobId],
    queryFn: ({ signal }) =>
      apiRequest<{ runs: JobRun[] }>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}/runs`), {
        signal,
      }).then((b) => b.runs ?? []),
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
    mutationFn: (job: JobInput) =>
      apiRequest<{ job_id: string }>(projectPath(project, '/jobs'), { method: 'POST', body: job }),
    onSuccess: invalidate,
  });
}

export function useUpdateJob() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    // PATCH replaces each top-level key wholesale, so the wizard always sends the full schedule and actions.
    mutationFn: ({ jobId, job }: { jobId: string; job: JobInput }) =>
      apiRequest<{ job_id: string }>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}`), {
        method: 'PATCH',
        body: job,
      }),
    onSuccess: invalidate,
  });
}

export function useDeleteJobs() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) {
        await apiRequest<void>(projectPath(project, `/jobs/${encodeURIComponent(id)}`), { method: 'DELETE' });
      }
      return ids.length;
    },
    onSuccess: invalidate,
  });
}

export function useJobEvent() {
  const { project } = useProject();
  const invalidate = useInvalidateProject();
  return useMutation({
    mutationFn: ({ jobId, event }: { jobId: string; event: JobEvent }) =>
      apiRequest<{ result: string }>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}/event`), {
        method: 'POST',
        body: { [event]: null },
      }),
    onSuccess: invalidate,
  });
}
