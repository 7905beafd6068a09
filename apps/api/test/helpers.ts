import { type Store, createStore, openStore } from '@freezer/store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createDatabase } from '@freezer/testkit';
import { buildApp } from '../src/app.js';
import type { AuthOptions } from '../src/plugins/auth/settings.js';
import type { LimitOptions } from '../src/plugins/limits.js';

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  dir: string;
  clock: { now: number };
  call(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The database of a test API: a fresh SQLite file, or — in the `@freezer/api-pg` project, whose
 * globalSetup started a PostgreSQL cluster — a fresh PostgreSQL database.
 */
export async function openTestStore(dir: string, now: () => number): Promise<Store> {
  const pgUrl = inject('freezerPgUrl');
  if (pgUrl) return openStore({ url: await createDatabase(pgUrl), now, poolSize: 4 });
  return createStore({ path: join(dir, 'data', 'freezer.sqlite'), now });
}

/** A real API on a real database (SQLite file or PostgreSQL) with a clock tests can move. */
export async function startTestApi(
  opts: {
    webRoot?: string;
    bodyLimit?: number;
    auth?: AuthOptions;
    limits?: LimitOptions;
    allowedHosts?: string[];
    publicUrl?: string;
    progressLane?: boolean;
  } = {},
): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'freezer-api-test-'));
  const clock = { now: 1_800_000_000 };
  const store = await openTestStore(dir, () => clock.now);
  const app = await buildApp({ store, ...opts });
  return {
    app,
    store,
    dir,
    clock,
    call: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain fs backup to a local container, as an action's freezer_action. */
export const fsBackupAction = () => ({
  action: 'backup' as const,
  mode: 'fs',
  path_to_backup: '/etc',
  backup_name: 'b1',
  container: '/tmp/c',
  storage: 'local',
});

export const execJob = (clientId = 'p1_host1', extra: Record<string, unknown> = {}) => ({
  client_id: clientId,
  description: 'j1',
  job_schedule: { schedule_interval: '5 minutes' },
  job_actions: [
    {
      freezer_action: { action: 'exec' as const, command: 'echo hi' },
      max_retries: 2,
      max_retries_interval: 3,
      mandatory: true,
    },
  ],
  ...extra,
});
