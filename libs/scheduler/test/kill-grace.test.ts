// An aborted agent gets SIGTERM, then SIGKILL after a grace. A cloud-mode agent needs that time to
// delete its temporary snapshot, volume and image: it gets the longer cloud grace, on a job abort and
// on the daemon's shutdown. The agent here is a stand-in whose SIGTERM cleanup takes 12 s.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezerApiClient, JobAction } from '@freezer/api-client';
import { killGraceMs } from '@freezer/scheduler';
import { waitFor } from '@freezer/testkit';
import { apiClient, completed, lines, PROJECT, workDir } from './support/fixtures.js';
import { cli, ensureBuilt, schedulerArgs, startScheduler, type SchedulerProc } from './support/procs.js';
import { startTestApi, type TestApi } from './support/test-api.js';

const AGENT = resolve(import.meta.dirname, 'support/slow-cleanup-agent.mjs');

describe('killGraceMs', () => {
  it('gives the cloud modes the cloud grace and every other action the plain one', () => {
    for (const mode of ['glance', 'cinder', 'nova', 'cindernative', 'NOVA'])
      expect(killGraceMs({ action: 'backup', mode })).toBe(180_000);
    // A cindernative id alone chooses Cinder's own backups, as in the agent.
    expect(killGraceMs({ action: 'admin', cindernative_vol_id: 'v1' })).toBe(180_000);
    expect(killGraceMs({ action: 'restore', cindernative_backup_id: 'b1' })).toBe(180_000);
    for (const fa of [{ mode: 'fs' }, { mode: 'mysql' }, { action: 'exec' as const }, {}])
      expect(killGraceMs(fa)).toBe(10_000);
    const grace = { seconds: 3, cloudSeconds: 40 };
    expect(killGraceMs({ mode: 'cinder' }, grace)).toBe(40_000);
    expect(killGraceMs({ mode: 'postgres' }, grace)).toBe(3_000);
  });
});

describe('the grace before SIGKILL', () => {
  let server: TestApi;
  let api: FreezerApiClient;
  const procs: SchedulerProc[] = [];
  const dir = workDir();
  const env = { GRACE_DIR: dir };

  const backup = (name: string, extra: Record<string, string>): JobAction => ({
    freezer_action: { action: 'backup', backup_name: name, ...extra },
    max_retries: 0,
  });
  const started = (name: string): Promise<boolean> =>
    waitFor(`${name} agent started`, () => lines(join(dir, name)).includes('started'));

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestApi();
    api = apiClient(server.url);
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await server?.stop();
  });

  it('an abort lets a cloud-mode agent finish its cleanup; a file-system agent is killed after 10 s', async () => {
    const client = `${PROJECT}_grace-abort`;
    const args = schedulerArgs(server.url, client, ['--agent-path', AGENT, '--concurrent-jobs', '2']);
    procs.push(startScheduler(args, env));
    const cloud = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [backup('cloud-abort', { mode: 'glance', glance_image_id: 'img-1' })],
    });
    const fs = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [backup('fs-abort', { mode: 'fs', path_to_backup: '/data' })],
    });
    await started('cloud-abort');
    await started('fs-abort');
    await api.jobEvent(cloud, 'abort');
    await api.jobEvent(fs, 'abort');
    for (const id of [cloud, fs])
      expect((await completed(api, id, 60_000)).job_schedule.result).toBe('aborted');
    expect(lines(join(dir, 'cloud-abort'))).toEqual(['started', 'cleanup started', 'cleaned up']);
    expect(lines(join(dir, 'fs-abort'))).toEqual(['started', 'cleanup started']);
  });

  it("the daemon's shutdown waits for a cloud-mode agent's cleanup (grace from the config file)", async () => {
    const client = `${PROJECT}_grace-stop`;
    const config = join(dir, 'scheduler.conf');
    writeFileSync(config, '[DEFAULT]\ncloud_kill_grace = 60\nkill_grace = 1\n');
    const args = schedulerArgs(server.url, client, ['--agent-path', AGENT, '--config-file', config]);
    const proc = startScheduler(args, env);
    procs.push(proc);
    // No mode: a cindernative volume id alone makes it a cindernative action.
    const id = await api.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [backup('native-stop', { cindernative_vol_id: 'vol-1' })],
    });
    await started('native-stop');
    process.kill(proc.pid, 'SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(lines(join(dir, 'native-stop'))).toEqual(['started', 'cleanup started', 'cleaned up']);
    expect((await api.getJob(id))?.job_schedule.result).toBe('aborted');
  });

  it('a grace that is not a positive number of seconds is a usage error', () => {
    const base = ['--api-url', 'http://127.0.0.1:1', '--project-id', 'p1'];
    for (const bad of [
      ['--kill-grace', '0'],
      ['--cloud-kill-grace', 'long'],
    ]) {
      const r = cli([...base, ...bad, 'status']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/kill-grace must be a positive integer/);
    }
  });
});
