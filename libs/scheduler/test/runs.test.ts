import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezerApiClient } from '@freezer/api-client';
import {
  TOKEN,
  apiClient,
  completed,
  exec,
  isoIn,
  lines,
  PROJECT,
  sleep,
  workDir,
} from './support/fixtures.js';
import { waitFor } from '@freezer/testkit';
import { cli, ensureBuilt, schedulerArgs, startScheduler, type SchedulerProc } from './support/procs.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// The same behaviour against our API and against the stock Debian freezer-api (no extensions there).
describe.each(['ours', 'stock'] as const)('%s API', (kind) => {
  let server: TestApi;
  let api: FreezerApiClient;
  let sched: SchedulerProc;
  const dir = workDir();
  const CLIENT = `${PROJECT}_node-runs-${kind}`;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestApi(kind);
    api = apiClient(server.url);
    sched = startScheduler(schedulerArgs(server.url, CLIENT, ['--concurrent-jobs', '4']));
  });

  afterAll(async () => {
    await sched?.stop();
    await server?.stop();
  });

  describe('scheduler runs jobs through the agent', () => {
    it('registers its client', async () => {
      await sleep(1500);
      const client = await api.getClient(CLIENT);
      expect(client?.client.client_id).toBe(CLIENT);
      if (kind === 'ours') {
        // Registration carries version and capabilities; the heartbeat keeps last_seen.
        expect(client?.client.version).toBeTypeOf('string');
        // …and the node's zone, its schedules' default.
        expect(client?.client.time_zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
        const seen = Number(client?.client.last_seen);
        await sleep(2500);
        const later = await api.getClient(CLIENT);
        expect(Number(later?.client.last_seen)).toBeGreaterThan(seen);
        // A client deleted in the API is registered again by the next heartbeat.
        await api.deleteClient(CLIENT);
        await waitFor('client registered again', () => api.getClient(CLIENT), 15_000);
      }
    });

    it('runs an interval job on every slot and stops at its end date; a one-shot job once', async () => {
      const every = join(dir, 'interval.txt');
      const once = join(dir, 'once.txt');
      const start = isoIn(4000);
      const end = new Date(Date.parse(start) + 6000).toISOString().replace('.000Z', 'Z');
      const intervalId = await api.createJob({
        client_id: CLIENT,
        description: 'interval',
        job_schedule: { schedule_interval: '3 seconds', schedule_start_date: start, schedule_end_date: end },
        job_actions: [exec(`echo run >> ${every}`)],
      });
      const onceId = await api.createJob({
        client_id: CLIENT,
        description: 'once',
        job_schedule: {},
        job_actions: [exec(`echo run >> ${once}`)],
      });
      const doneOnce = await completed(api, onceId);
      expect(doneOnce.job_schedule.result).toBe('success');
      const doneEvery = await completed(api, intervalId);
      expect(doneEvery.job_schedule.result).toBe('success');
      // Slots start, start+3, start+6 (= end date, inclusive), then nothing more.
      expect(lines(every)).toHaveLength(3);
      expect(doneEvery.job_schedule.time_started).toBeGreaterThanOrEqual(Date.parse(end) / 1000);
      await sleep(4000);
      expect(lines(every)).toHaveLength(3);
      expect(lines(once)).toHaveLength(1);
      const runs = await api.listRuns(intervalId);
      if (kind === 'ours') {
        // One run record per slot, each with the agent's exit code.
        expect(runs?.map((r) => r.result)).toEqual(['success', 'success', 'success']);
        expect(runs?.[0]?.actions[0]).toMatchObject({
          action: 'exec',
          exit_code: 0,
          attempts: 1,
          result: 'success',
        });
      } else {
        expect(runs).toBeNull();
      }
    });

    it('retries a failing action max_retries times, then the job fails', async () => {
      const f = join(dir, 'retry.txt');
      const id = await api.createJob({
        client_id: CLIENT,
        job_schedule: {},
        job_actions: [exec(`echo try >> ${f}; exit 4`, { max_retries: 2, max_retries_interval: 1 })],
      });
      const done = await completed(api, id);
      expect(done.job_schedule.result).toBe('fail');
      expect(lines(f)).toEqual(['try', 'try', 'try']);
      if (kind === 'ours') {
        const runs = await api.listRuns(id);
        expect(runs?.[0]?.actions[0]).toMatchObject({ exit_code: 4, attempts: 3, result: 'fail' });
      }
    });

    it('after a failed action only mandatory actions run, and the job result is fail', async () => {
      const f = join(dir, 'mandatory.txt');
      const id = await api.createJob({
        client_id: CLIENT,
        job_schedule: {},
        job_actions: [
          exec(`echo first >> ${f}; exit 1`),
          exec(`echo optional >> ${f}`),
          exec(`echo cleanup >> ${f}`, { mandatory: true }),
        ],
      });
      const done = await completed(api, id);
      expect(done.job_schedule.result).toBe('fail');
      expect(lines(f)).toEqual(['first', 'cleanup']);
    });

    // The stock API keeps no runs.
    if (kind === 'ours')
      it("a failed backup's run carries its reason and the agent's log; the CLI shows both", async () => {
        const missing = join(dir, 'no-such-dir');
        const id = await api.createJob({
          client_id: CLIENT,
          job_schedule: {},
          job_actions: [
            {
              freezer_action: {
                action: 'backup',
                backup_name: 'gone',
                path_to_backup: missing,
                container: join(dir, 'repo'),
              },
              max_retries: 0,
            },
          ],
        });
        const done = await completed(api, id);
        expect(done.job_schedule.result).toBe('fail');
        const [run] = (await api.listRuns(id)) ?? [];
        const action = run?.actions[0];
        expect(action).toMatchObject({ result: 'fail', exit_code: 1 });
        expect(action?.error).toBe(`--path-to-backup ${missing}: no such file or directory`);
        expect(action?.log).toContain('no such file or directory');
        const conn = ['--api-url', server.url, '--project-id', PROJECT, '--token', TOKEN];
        const runs = cli([...conn, 'job-runs', id]);
        expect(runs.status).toBe(0);
        expect(runs.stdout).toContain(`backup: --path-to-backup ${missing}: no such file or directory`);
        const log = cli([...conn, 'job-log', id]);
        expect(log.status).toBe(0);
        expect(log.stdout).toContain('== backup: fail, exit 1');
        expect(log.stdout).toContain(`reason: --path-to-backup ${missing}`);
      });

    // The stock API has no run_now event.
    if (kind === 'ours')
      it('back up now runs a cron job once at once and leaves its schedule and status alone', async () => {
        const f = join(dir, 'now.txt');
        const id = await api.createJob({
          client_id: CLIENT,
          // 03:17 on 1 January: never during the test.
          job_schedule: { schedule_month: '1', schedule_day: '1', schedule_hour: '3', schedule_minute: '17' },
          job_actions: [exec(`echo ran >> ${f}`)],
        });
        await waitFor(
          'job scheduled',
          async () => (await api.getJob(id))?.job_schedule.status === 'scheduled',
        );
        expect(await api.jobEvent(id, 'run_now')).toBe('success');
        await waitFor('the run', () => lines(f).length === 1);
        const after = await waitFor('result reported', async () => {
          const j = await api.getJob(id);
          return j?.job_schedule.result === 'success' && j.job_schedule.status === 'scheduled' ? j : null;
        });
        expect(after.job_schedule).toMatchObject({
          schedule_month: '1',
          schedule_day: '1',
          schedule_hour: '3',
          schedule_minute: '17',
          event: '',
        });
        expect(after.job_schedule.run_now).toBeUndefined();
        await sleep(2500);
        expect(lines(f)).toEqual(['ran']);
        expect((await api.listRuns(id))?.length).toBe(1);

        // A completed one-shot job is held and run once more; it does not come back to life.
        const g = join(dir, 'again.txt');
        const once = await api.createJob({
          client_id: CLIENT,
          job_schedule: {},
          job_actions: [exec(`echo x >> ${g}`)],
        });
        await completed(api, once);
        expect(await api.jobEvent(once, 'run_now')).toBe('success');
        await waitFor('second run', () => lines(g).length === 2);
        const held = await waitFor('held', async () => {
          const j = await api.getJob(once);
          return j?.job_schedule.status === 'stop' && j.job_schedule.run_now === undefined ? j : null;
        });
        expect(held.job_schedule.result).toBe('success');
        await sleep(2500);
        expect(lines(g)).toEqual(['x', 'x']);
      });

    it('a stopped job is not run until started again', async () => {
      const f = join(dir, 'stopped.txt');
      const id = await api.createJob({
        client_id: CLIENT,
        job_schedule: { schedule_date: isoIn(5000) },
        job_actions: [exec(`echo ran >> ${f}`)],
      });
      await api.jobEvent(id, 'stop');
      await sleep(8000);
      const j = await api.getJob(id);
      expect(j?.job_schedule.status).toBe('stop');
      expect(lines(f)).toHaveLength(0);
    });
  });
});
