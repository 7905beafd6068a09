import { useEffect, type ReactNode } from 'react';
import { useProject } from '../../../lib/project';
import { useAuthSession } from '../api/session';
import { LoginPage } from './login-page';

/**
 * With authentication on, nothing but the login page shows until someone is logged in; the URL
 * stays as it was, so a deep link opens its page right after login. With auth off (or an API
 * that predates it) the children render as they always did.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const session = useAuthSession();
  const user = session.data?.auth_enabled ? session.data.user : null;
  const { project, setProject } = useProject();
  const first = user?.projects[0]?.project_id;
  const allowed = !user || user.is_admin || user.projects.some((p) => p.project_id === project);

  // A project remembered from another user (or from before auth) would only give 403s.
  useEffect(() => {
    if (!allowed && first) setProject(first);
  }, [allowed, first, setProject]);

  if (session.isPending) return <div className="state state-loading">Loading…</div>;
  if (session.data?.auth_enabled && !user) return <LoginPage />;
  return <>{children}</>;
}
