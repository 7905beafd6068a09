// The whole cloud deployment at once: our API behind the cloud's Keystone, the real scheduler logging in
// with the demo user's OS_* and running a `--mode cinder` backup job of a volume in use through the real
// agent (both from their bundles, as deployed). The job is aborted while Cinder uploads the copy of the
// volume to the temporary image: the agent then has to wait until Cinder lets that copy go before it
// can delete it (seconds), so the scheduler's SIGTERM must leave it the cloud grace; the plain grace is
// 1 s here (with `--cloud-kill-grace 1` too, the agent is SIGKILLed and its objects stay: checked).
import { FreezerApiClient, fetchTransport } from '@freezer/api-client';
import {
  type OpenStackSession,
  createVolume,
  deleteVolumeWhenIdle,
  openSession,
  passwordAuth,
  waitForVolume,
} from '@freezer/openstack';
import {
  type ApiProcess,
  type Cloud,
  REPO_ROOT,
  cloudAt,
  ensureBuilt,
  startApi,
  stopChild,
  waitFor,
} from '@freezer/testkit';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACH_API, attachWithoutServer, waitForTemporaries, waitNothingNamed } from './cloud-objects.js';

const SCHEDULER_BIN = join(REPO_ROOT, 'apps/scheduler/bin/freezer-scheduler.js');
const AGENT_BIN = join(REPO_ROOT, 'apps/agent/bin/freezer-agent.js');

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
let api: ApiProcess | undefined;
let scheduler: ChildProcess | undefined;
const made: string[] = [];
const attachments: string[] = [];

beforeAll(async () => {
  ensureBuilt('@freezer/agent', 'apps/agent/dist/main.js');
  ensureBuilt('@freezer/scheduler-app', 'apps/scheduler/dist/main.js');
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-sched-abort-'));
  // Keystone only, as in a cloud: the scheduler and the job's author log in with the demo user.
  api = await startApi({
    from: 'source',
    args: ['--keystone-url', cloud.authUrl, '--keystone-only', '--log-level', 'warn'],
    env: {
      FREEZER_KEYSTONE_USER: cloud.freezer.username,
      FREEZER_KEYSTONE_PASSWORD: cloud.freezer.password,
      FREEZER_KEYSTONE_PROJECT: cloud.freezer.project,
      // the API wants its own first administrator even when Keystone alone signs users in
      FREEZER_ADMIN_PASSWORD: 'local-admin-secret',
    },
  });
});

afterAll(async () => {
  if (scheduler) await stopChild(scheduler);
  await api?.cleanup();
  for (const a of attachments) {
    const gone = { headers: ATTACH_API, accept: [404] };
    await s.request('volumev3', 'DELETE', `/attachments/${a}`, gone).catch(() => undefined);
  }
  for (const id of made) await deleteVolumeWhenIdle(s, id).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

describe('the scheduler aborting a cloud-mode backup', () => {
  it('gives the agent the cloud grace: no snapshot, volume or image is left, the agent ends by SIGTERM', async () => {
    const v = await createVolume(s, { size: 1, name: `fz-sched-abort-${process.pid}` });
    made.push(v.id);
    await waitForVolume(s, v.id);
    attachments.push(await attachWithoutServer(s, v.id));
    const temp = `freezer-tmp-cinder-${v.id}`;

    const client = `fz-sched-abort-${process.pid}`;
    const logFile = join(work, 'scheduler.log');
    const out = openSync(logFile, 'a');
    scheduler = spawn(
      process.execPath,
      [
        SCHEDULER_BIN,
        '--state-dir',
        join(work, 'state'),
        '--api-url',
        api?.url ?? '',
        '-c',
        client,
        '-i',
        '1',
        '--agent-path',
        AGENT_BIN,
        '--kill-grace',
        '1',
        '--no-daemon',
        'start',
      ],
      { stdio: ['ignore', out, out], env: { ...process.env, ...cloud.osEnv(cloud.demo) } },
    );
    const token = (
      await passwordAuth({
        authUrl: cloud.authUrl,
        username: cloud.demo.username,
        password: cloud.demo.password,
        projectName: cloud.demo.project,
      })
    ).token;
    const freezer = new FreezerApiClient({
      apiUrl: api?.url ?? '',
      projectId: s.projectId,
      token,
      transport: fetchTransport(),
    });
    const jobId = await freezer.createJob({
      client_id: client,
      job_schedule: {},
      job_actions: [
        {
          freezer_action: {
            action: 'backup',
            mode: 'cinder',
            cinder_vol_id: v.id,
            storage: 'local',
            container: join(work, 'store'),
            backup_name: 'abort',
          },
          max_retries: 0,
        },
      ],
    });

    const seen = await waitForTemporaries(s, temp);
    expect(seen.map((o) => o.split(' ')[0]).sort()).toEqual(['image', 'snapshot', 'volume']);
    await freezer.jobEvent(jobId, 'abort');
    const job = await waitFor(
      'the aborted job to complete',
      async () => {
        const j = await freezer.getJob(jobId);
        return j?.job_schedule?.status === 'completed' ? j : undefined;
      },
      300_000,
      1000,
    );
    expect(job.job_schedule.result, readFileSync(logFile, 'utf8')).toBe('aborted');
    const [run] = (await freezer.listRuns(jobId)) ?? [];
    const action = run?.actions?.[0];
    // -15: the agent's own exit by SIGTERM, after its cleanup; a SIGKILL would be -9.
    expect(action?.exit_code, action?.log).toBe(-15);
    expect(action?.log).toMatch(/interrupted: deleting the temporary cloud objects/);
    await waitNothingNamed(s, temp);
  });
});
