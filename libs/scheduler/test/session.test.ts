import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezerApiClient } from '@freezer/api-client';
import { apiClient, completed, exec, isoIn, lines, workDir } from './support/fixtures.js';
import { waitFor } from '@freezer/testkit';
import { ensureBuilt, schedulerArgs, startScheduler, type SchedulerProc } from './support/procs.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let server: TestApi;
let api: FreezerApiClient;
const procs: SchedulerProc[] = [];
const dir = workDir();
const NODES = ['p1_node-s1', 'p1_node-s2', 'p1_node-s3'];

beforeAll(async () => {
  ensureBuilt();
  server = await startTestApi();
  api = apiClient(server.url);
  for (const client of NODES) {
    procs.push(startScheduler(schedulerArgs(server.url, client)));
  }
});

afterAll(async () => {
  for (const p of procs) await p.stop();
  await server?.stop();
});

describe('sessions', () => {
  it('a session across three clients starts together and reports one result', async () => {
    const sessionId = await api.createSession({
      description: 'three nodes',
      hold_off: 20,
      schedule: { schedule_date: isoIn(8000) },
    });
    const jobIds: string[] = [];
    for (const client of NODES) {
      const id = await api.createJob({
        client_id: client,
        description: `session part on ${client}`,
        job_schedule: {},
        job_actions: [exec(`date +%s.%N >> ${join(dir, client)}`)],
      });
      // Adding a job copies the session schedule into it (stock semantics).
      await api.addJobToSession(sessionId, id);
      jobIds.push(id);
    }
    const docs = await Promise.all(jobIds.map((id) => completed(api, id)));
    for (const d of docs) {
      expect(d.job_schedule.result).toBe('success');
      expect(d.session_id).toBe(sessionId);
    }
    const session = await waitFor('session completed', async () => {
      const s = await api.getSession(sessionId);
      return s?.status === 'completed' ? s : null;
    });
    expect(session.result).toBe('success');
    expect(session.session_tag).toBe(1);
    expect(Object.keys(session.jobs ?? {}).sort()).toEqual([...jobIds].sort());
    for (const entry of Object.values(session.jobs ?? {})) expect(entry.result).toBe('success');
    // The three agents ran within the hold-off window of each other.
    const times = NODES.map((n) => Number(lines(join(dir, n))[0]));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(20);
  });

  it('one failing node makes the session result fail', async () => {
    const sessionId = await api.createSession({ hold_off: 20, schedule: { schedule_date: isoIn(6000) } });
    const jobIds: string[] = [];
    for (const [i, client] of NODES.entries()) {
      const id = await api.createJob({
        client_id: client,
        job_schedule: {},
        job_actions: [exec(i === 1 ? 'exit 2' : 'true')],
      });
      await api.addJobToSession(sessionId, id);
      jobIds.push(id);
    }
    const docs = await Promise.all(jobIds.map((id) => completed(api, id)));
    expect(docs.map((d) => d.job_schedule.result)).toEqual(['success', 'fail', 'success']);
    const session = await waitFor('session completed', async () => {
      const s = await api.getSession(sessionId);
      return s?.status === 'completed' ? s : null;
    });
    expect(session.result).toBe('fail');
  });
});
