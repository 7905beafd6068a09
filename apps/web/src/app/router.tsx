import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '../components/app-layout';
import { RouteError } from '../components/route-error';
import { AuthGate } from '../features/auth/components/auth-gate';
import { LiveProgressProvider } from '../features/progress/api/live-progress';

type Loader = () => Promise<{ default: ComponentType }>;

/** Route-level code splitting: each page is its own chunk, the layout and overview load first. */
const page = (load: Loader): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

/** With authentication on, the whole app sits behind the login page (see AuthGate). */
function GatedLayout() {
  return (
    <AuthGate>
      <LiveProgressProvider>
        <AppLayout />
      </LiveProgressProvider>
    </AuthGate>
  );
}

const short = (id: string | undefined) => (id && id.length > 12 ? `${id.slice(0, 8)}…` : (id ?? ''));

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: GatedLayout,
    ErrorBoundary: RouteError,
    handle: { crumb: 'Freezer' },
    children: [
      { index: true, ...page(() => import('../routes/overview')), handle: { crumb: 'Overview' } },
      {
        path: 'jobs',
        handle: { crumb: 'Jobs' },
        children: [
          { index: true, ...page(() => import('../routes/jobs')) },
          { path: 'new', ...page(() => import('../routes/job-new')), handle: { crumb: 'Create job' } },
          {
            path: ':jobId',
            handle: { crumb: (p: Record<string, string | undefined>) => short(p.jobId) },
            children: [
              { index: true, ...page(() => import('../routes/job-detail')) },
              { path: 'edit', ...page(() => import('../routes/job-edit')), handle: { crumb: 'Edit' } },
            ],
          },
        ],
      },
      { path: 'actions', ...page(() => import('../routes/actions')), handle: { crumb: 'Actions' } },
      { path: 'assurance', ...page(() => import('../routes/assurance')), handle: { crumb: 'RPO / RTO' } },
      {
        path: 'sessions',
        handle: { crumb: 'Sessions' },
        children: [
          { index: true, ...page(() => import('../routes/sessions')) },
          {
            path: ':sessionId',
            ...page(() => import('../routes/session-detail')),
            handle: { crumb: (p: Record<string, string | undefined>) => short(p.sessionId) },
          },
        ],
      },
      {
        path: 'clients',
        handle: { crumb: 'Clients' },
        children: [
          { index: true, ...page(() => import('../routes/clients')) },
          {
            path: ':clientId',
            ...page(() => import('../routes/client-detail')),
            handle: { crumb: (p: Record<string, string | undefined>) => p.clientId ?? '' },
          },
        ],
      },
      {
        path: 'backups',
        handle: { crumb: 'Backups' },
        children: [
          { index: true, ...page(() => import('../routes/backups')) },
          {
            path: ':backupId',
            ...page(() => import('../routes/backup-detail')),
            handle: { crumb: (p: Record<string, string | undefined>) => short(p.backupId) },
          },
        ],
      },
      { path: 'find', ...page(() => import('../routes/find-file')), handle: { crumb: 'Find a file' } },
      { path: 'alerts', ...page(() => import('../routes/alerts')), handle: { crumb: 'Alerts' } },
      { path: 'tokens', ...page(() => import('../routes/tokens')), handle: { crumb: 'API tokens' } },
      { path: '*', ...page(() => import('../routes/not-found')), handle: { crumb: 'Not found' } },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
