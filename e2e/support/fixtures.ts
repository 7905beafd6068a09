import { test as base, expect } from '@playwright/test';
import { startWebApi, type ApiServer } from './api-server';

/** Every test gets its own API process and database, so specs never see each other's data. */
export const test = base.extend<{ api: ApiServer }>({
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    const server = await startWebApi();
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
  baseURL: async ({ api }, use) => {
    await use(api.url);
  },
});

export { expect };

export async function apiCall<T>(api: ApiServer, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function sampleJob(description: string, clientId = 'default_host1') {
  return {
    client_id: clientId,
    description,
    job_schedule: { schedule_interval: '1 days' },
    job_actions: [
      {
        freezer_action: {
          action: 'backup',
          mode: 'fs',
          path_to_backup: '/etc',
          backup_name: description,
          container: '/tmp/c',
          storage: 'local',
        },
        max_retries: 1,
        max_retries_interval: 5,
        mandatory: true,
      },
    ],
  };
}
