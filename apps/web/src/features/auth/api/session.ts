import type { LoginBody, Role, SessionInfo, UserDoc } from '@freezer/schema';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiClient, setCsrfToken } from '../../../lib/api';
import { hasStatus } from '../../../lib/http';

export const SESSION_KEY = ['auth', 'session'] as const;

/** What an API without the auth routes (or with auth off) amounts to: the UI as it always was. */
export const NO_AUTH: SessionInfo = { auth_enabled: false, user: null, csrf_token: null };

async function fetchSession(signal: AbortSignal): Promise<SessionInfo> {
  const info = (await apiClient(undefined, signal).authSession()) ?? NO_AUTH;
  setCsrfToken(info.csrf_token);
  return info;
}

/** Who is logged in; `auth_enabled` false means the API runs without users (loopback only). */
export function useAuthSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * Drops every cached answer except the session itself: after a login or logout the previous user's
 * jobs, tokens and projects must not flash up for the next one.
 */
function forgetData(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => apiClient().login(body),
    onSuccess: (info) => {
      setCsrfToken(info.csrf_token);
      forgetData(qc);
      qc.setQueryData(SESSION_KEY, info);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient().logout(),
    onSettled: () => {
      setCsrfToken(null);
      forgetData(qc);
      qc.setQueryData<SessionInfo>(SESSION_KEY, { auth_enabled: true, user: null, csrf_token: null });
    },
  });
}

/**
 * A 401 from any request means the session ended (expired, logged out in another tab, password
 * changed): re-reading the session shows the login page instead of a wall of errors.
 */
export function onUnauthorized(qc: QueryClient, err: unknown): void {
  if (hasStatus(err, 401)) void qc.invalidateQueries({ queryKey: SESSION_KEY });
}

/** The user's role in a project: a global administrator is admin everywhere. */
export function roleOf(user: UserDoc, project: string): Role | undefined {
  if (user.is_admin) return 'admin';
  return user.projects.find((p) => p.project_id === project)?.role;
}

/** The logged-in user; null when authentication is off (or nobody is logged in yet). */
export function useCurrentUser(): UserDoc | null {
  const session = useAuthSession();
  return session.data?.auth_enabled ? session.data.user : null;
}
