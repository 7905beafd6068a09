import type { ListOptions, NewSession, SessionPatch } from '@freezer/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient, found } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

export function useSessions(q: ListOptions) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'sessions', 'list', q],
    queryFn: ({ signal }) => apiClient(project, signal).listSessions(q),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (prev) => prev,
  });
}

export function useSession(id: string) {
  const { project } = useProject();
  return useQuery({
    queryKey: [project, 'sessions', 'one', id],
    queryFn: async ({ signal }) => found(await apiClient(project, signal).getSession(id), 'Session', id),
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
  useSessionMutation(async (p, s: NewSession) => ({ session_id: await apiClient(p).createSession(s) }));

export const useUpdateSession = () =>
  useSessionMutation((p, v: { id: string; session: SessionPatch }) =>
    apiClient(p).patchSession(v.id, v.session),
  );

export const useDeleteSessions = () =>
  useSessionMutation(async (p, ids: string[]) => {
    const api = apiClient(p);
    for (const id of ids) await api.deleteSession(id);
    return ids.length;
  });

export const useAttachJob = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string; keepSchedule: boolean }) =>
    apiClient(p).addJobToSession(v.sessionId, v.jobId, { keepSchedule: v.keepSchedule }),
  );

export const useDetachJob = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string }) =>
    apiClient(p).removeJobFromSession(v.sessionId, v.jobId),
  );

/** Starts the session for one of its jobs, the way the scheduler does (current tag = the session tag). */
export const useStartSession = () =>
  useSessionMutation((p, v: { sessionId: string; jobId: string; tag: number }) =>
    apiClient(p).startSession(v.sessionId, v.jobId, v.tag),
  );
