import type { FreezerApiClient } from '@freezer/api-client';
import { afterAll, beforeAll } from 'vitest';
import { apiClient } from './fixtures.js';
import { ensureBuilt, schedulerArgs, startScheduler, type SchedulerProc } from './procs.js';
import { startTestApi, type TestApi } from './test-api.js';

/** A test file's node: our API and one scheduler polling it as `client`. */
export interface SchedulerNode {
  server: TestApi;
  api: FreezerApiClient;
  sched: SchedulerProc;
}

/** Starts the node before the file's tests and stops it after them; its fields are set once started. */
export function useSchedulerNode(client: string): SchedulerNode {
  const node = {} as SchedulerNode;
  beforeAll(async () => {
    ensureBuilt();
    node.server = await startTestApi();
    node.api = apiClient(node.server.url);
    node.sched = startScheduler(schedulerArgs(node.server.url, client));
  });
  afterAll(async () => {
    await node.sched?.stop();
    await node.server?.stop();
  });
  return node;
}
