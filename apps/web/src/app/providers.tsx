import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider } from '../components/toasts';
import { onUnauthorized } from '../features/auth/api/session';
import { ApiError } from '../lib/http';
import { ProjectProvider } from '../lib/project';

export function makeQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A 401 anywhere means the login session ended: show the login page.
    queryCache: new QueryCache({ onError: (err) => onUnauthorized(client, err) }),
    mutationCache: new MutationCache({ onError: (err) => onUnauthorized(client, err) }),
    defaultOptions: {
      queries: {
        // A 4xx will not fix itself; a dropped connection may.
        retry: (count, err) =>
          !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
        staleTime: 1000,
        refetchOnWindowFocus: true,
      },
    },
  });
  return client;
}

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? makeQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ProjectProvider>
        <ToastProvider>{children}</ToastProvider>
      </ProjectProvider>
    </QueryClientProvider>
  );
}
