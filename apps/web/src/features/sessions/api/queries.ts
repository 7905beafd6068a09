import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { projectPath, withListQuery, type ListQuery } from '../../../lib/paths';
import { useProject } from '../../../lib/project';
import type { Session, SessionInput } from './types';

const enc = encodeURIComponent;

export function useSessions(q: ListQuery) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'sessions', 'list', q],
    queryFn: ({ signal }) =>
      apiRequest<{ sessions: Session[] }>(withListQuery(projectPath(project, '/sessions'), q), {
        signal,
      }).then((b) => b.sessions ?? []),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useSession(id: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'sessions', 'one', id],
    queryFn: ({ signal }) => apiRequest<Session>(projectPath(project, `/sessions/${enc(id)}`), { signal }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

function useSessionMutation<V, R>(fn: (project: string, v: V) => Promise<R>) {
  const { project } = useProject();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => fn(project, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: [project] }),
  });
}

export const useCreateSession = () =>
  useSessionMutation((p, s: SessionInput) =>
    apiRequest<{ session_id: string }>(projectPath(p, '/sessions'), { method: 'POST', body: s }),
  );

export const useUpdateSession = () =>
  useSessionMutation((p, v: { id: string; session: SessionInput }) =>
    apiRequest<unknown>(projectPath(p, `/sessions/${enc(v.id)}`), { method: 'PATCH', body: v.session }),
  );

export const useDeleteSessions = () =>
  useSessionMutation(async (p, ids: string[]) => {
    for (const id of ids)
      await apiRequest<void>(projectPath(p, `/sessions/${enc(id)}`), { method: 'DELETE' });
    return ids.length;
  });

export const useAttachJob = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string }) =>
    apiRequest<void>(projectPath(p, `/sessions/${enc(v.sessionId)}/jobs/${enc(v.jobId)}`), { method: 'PUT' }),
  );

export const useDetachJob = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string }) =>
    apiRequest<void>(projectPath(p, `/sessions/${enc(v.sessionId)}/jobs/${enc(v.jobId)}`), {
      method: 'DELETE',
    }),
  );

/** Starts the session for one of its jobs, the way the scheduler does (current tag = the session tag). */
export const useStartSession = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string; tag: number }) =>
    apiRequest<{ result: string; session_tag: number }>(
      projectPath(p, `/sessions/${enc(v.sessionId)}/action`),
      {
        method: 'POST',
        body: { start: { job_id: v.jobId, current_tag: v.tag } },
      },
    ),
  );
