import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezerApiClient } from '@freezer/api-client';
import { apiClient, completed, exec, lines, PROJECT, sleep, workDir } from './support/fixtures.js';
import { waitFor } from '@freezer/testkit';
import { ensureBuilt, schedulerArgs, startScheduler, type SchedulerProc } from './support/procs.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let server: TestApi;
let api: FreezerApiClient;
const procs: SchedulerProc[] = [];
const dir = workDir();

function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

beforeAll(async () => {
  ensureBuilt();
  server = await startTestApi();
  api = apiClient(server.url);
});

afterAll(async () => {
  for (const p of procs) await p.stop();
  await server?.stop();
});

describe('job control', () => {
  it('abort kills the running agent and every process it started', async () => {
    const client = `${PROJECT}_node-abort`;
    procs.push(startScheduler(schedulerArgs(server.url, client)));
    const f = join(dir, 'abort.txt');
    const id = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [exec(`echo started >> ${f}; sleep 30; echo finished >> ${f}`), exec(`echo next >> ${f}`)],
    });
    const running = await waitFor('agent running', async () => {
      const j = await api.getJob(id);
      const pid = j?.job_schedule.current_pid;
      return j?.job_schedule.status === 'running' && typeof pid === 'number' && lines(f).length === 1
        ? pid
        : null;
    });
    expect(groupMembers(running).length).toBeGreaterThanOrEqual(2); // agent + shell/sleep
    await api.jobEvent(id, 'abort');
    const done = await completed(api, id, 20_000);
    expect(done.job_schedule.result).toBe('aborted');
    expect(done.job_schedule.event).toBe('');
    await waitFor('process group gone', () => groupMembers(running).length === 0, 15_000);
    expect(lines(f)).toEqual(['started']);
  });

  it('--concurrent-jobs 1 runs due jobs one after the other, 2 lets them overlap', async () => {
    for (const limit of [1, 2]) {
      const client = `${PROJECT}_node-conc${limit}`;
      procs.push(startScheduler(schedulerArgs(server.url, client, ['--concurrent-jobs', String(limit)])));
      const f = join(dir, `conc${limit}.txt`);
      const ids = await Promise.all(
        ['a', 'b'].map((n) =>
          api.createJob({
            client_id: client,
            job_schedule: {},
            job_actions: [exec(`echo ${n}-in >> ${f}; sleep 2; echo ${n}-out >> ${f}`)],
          }),
        ),
      );
      await Promise.all(ids.map((id) => completed(api, id)));
      const seq = lines(f).map((l) => l.slice(2));
      // Serial: in, out, in, out. Overlapping: both enter before either leaves.
      expect(seq).toEqual(limit === 1 ? ['in', 'out', 'in', 'out'] : ['in', 'in', 'out', 'out']);
    }
  });

  it('cron fields fire at the right minute (scaled clock)', async () => {
    const client = `${PROJECT}_node-cron`;
    // 30x clock from 10:00:40Z: minute 10:02 comes after ~2.7 s, 10:04 after ~6.7 s.
    procs.push(
      startScheduler(
        schedulerArgs(server.url, client, [
          '--clock-speed',
          '30',
          '--clock-start',
          '2026-01-05T10:00:40Z',
          '--timezone',
          'UTC',
        ]),
      ),
    );
    const f = join(dir, 'cron.txt');
    const id = await api.createJob({
      client_id: client,
      job_schedule: { schedule_minute: '*/2', schedule_end_date: '2026-01-05T10:05:00Z' },
      job_actions: [exec(`echo tick >> ${f}`)],
    });
    const done = await completed(api, id);
    expect(lines(f)).toEqual(['tick', 'tick']);
    const started = new Date((done.job_schedule.time_started ?? 0) * 1000);
    expect(started.toISOString().slice(0, 16)).toBe('2026-01-05T10:04');
    expect(done.job_schedule.result).toBe('success');
  });

  it('--disable-exec fails exec jobs without running them', async () => {
    const client = `${PROJECT}_node-noexec`;
    procs.push(startScheduler(schedulerArgs(server.url, client, ['--disable-exec'])));
    const f = join(dir, 'noexec.txt');
    const id = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [exec(`echo ran >> ${f}`)],
    });
    const done = await completed(api, id);
    expect(done.job_schedule.result).toBe('fail');
    expect(lines(f)).toHaveLength(0);
  });

  it('a restarted daemon does not run the same slot again', async () => {
    const client = `${PROJECT}_node-restart`;
    const first = startScheduler(schedulerArgs(server.url, client));
    const f = join(dir, 'restart.txt');
    const id = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [exec(`echo ran >> ${f}; sleep 3`)],
    });
    await waitFor('job running', () => lines(f).length === 1);
    process.kill(first.pid, 'SIGKILL'); // a crash: no chance to report anything
    await first.exited;
    const second = startScheduler(schedulerArgs(server.url, client), {}, first.stateDir);
    procs.push(second);
    const done = await completed(api, id);
    expect(done.job_schedule.status).toBe('completed');
    await sleep(3000);
    expect(lines(f)).toEqual(['ran']);
  });

  it('results made while the API is down are delivered when it is back', async () => {
    const client = `${PROJECT}_node-outage`;
    const sched = startScheduler(schedulerArgs(server.url, client));
    procs.push(sched);
    const f = join(dir, 'outage.txt');
    const id = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [exec(`echo begin >> ${f}; sleep 4; echo end >> ${f}`)],
    });
    await waitFor('job running', () => lines(f).length === 1);
    await server.stop();
    await waitFor('job finished while the API is down', () => lines(f).length === 2, 30_000);
    await waitFor('result queued on disk', () => sched.log().includes('report(s) queued'), 15_000);
    await server.restart();
    const done = await completed(api, id);
    expect(done.job_schedule.result).toBe('success');
    expect(lines(f)).toEqual(['begin', 'end']);
    // The run record made during the outage arrives exactly once.
    const runs = await waitFor('run delivered', async () => {
      const r = await api.listRuns(id);
      return r && r.length > 0 ? r : null;
    });
    expect(runs.map((r) => r.result)).toEqual(['success']);
  });
});
