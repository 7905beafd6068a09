import type { ListOptions, NewSession, SessionPatch } from '@freezer/api-client';
import { found } from '../../../lib/api';
import { useLiveQuery, useProjectMutation } from '../../../lib/project-queries';

export const useSessions = (q: ListOptions) =>
  useLiveQuery(['sessions', 'list', q], (api) => api.listSessions(q), { keepPrevious: true });

export const useSession = (id: string) =>
  useLiveQuery(['sessions', 'one', id], async (api) => found(await api.getSession(id), 'Session', id));

export const useCreateSession = () =>
  useProjectMutation(async (api, s: NewSession) => ({ session_id: await api.createSession(s) }));

export const useUpdateSession = () =>
  useProjectMutation((api, v: { id: string; session: SessionPatch }) => api.patchSession(v.id, v.session));

export const useDeleteSessions = () =>
  useProjectMutation(async (api, ids: string[]) => {
    for (const id of ids) await api.deleteSession(id);
    return ids.length;
  });

export const useAttachJob = () =>
  useProjectMutation((api, v: { sessionId: string; jobId: string; keepSchedule: boolean }) =>
    api.addJobToSession(v.sessionId, v.jobId, { keepSchedule: v.keepSchedule }),
  );

export const useDetachJob = () =>
  useProjectMutation((api, v: { sessionId: string; jobId: string }) =>
    api.removeJobFromSession(v.sessionId, v.jobId),
  );

/** Starts the session for one of its jobs, the way the scheduler does (current tag = the session tag). */
export const useStartSession = () =>
  useProjectMutation((api, v: { sessionId: string; tag: number; jobId: string }) =>
    api.startSession(v.sessionId, v.jobId, v.tag),
  );
