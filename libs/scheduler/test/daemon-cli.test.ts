import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreezerApiClient } from '@freezer/api-client';
import { JobsDirSync } from '@freezer/scheduler';
import { apiClient, completed, lines, PROJECT, TOKEN, workDir } from './support/fixtures.js';
import { pidAlive, stopPid, waitFor } from '@freezer/testkit';
import { hostname } from 'node:os';
import { AGENT_BIN, cli, ensureBuilt, startScheduler } from './support/procs.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let server: TestApi;
let api: FreezerApiClient;
const dir = workDir();
const state = mkdtempSync(join(tmpdir(), 'sched-daemon-'));
const jobsDir = mkdtempSync(join(tmpdir(), 'sched-jobs-'));
const CLIENT = `${PROJECT}_node-daemon`;
let base: string[];

beforeAll(async () => {
  ensureBuilt();
  server = await startTestApi();
  api = apiClient(server.url);
  base = [
    '--api-url',
    server.url,
    '--project-id',
    PROJECT,
    '--token',
    TOKEN,
    '--state-dir',
    state,
    '-c',
    CLIENT,
  ];
});

afterAll(async () => {
  const pid = Number(cli([...base, 'status']).stdout.match(/pid (\d+)/)?.[1]);
  if (pid) await stopPid(pid);
  await server?.stop();
});

describe('freezer-scheduler daemon and CLI', () => {
  it('start daemonizes, uploads job files from --jobs-dir, runs them; status and stop work', async () => {
    const f = join(dir, 'from-file.txt');
    writeFileSync(
      join(jobsDir, 'nightly.json'),
      JSON.stringify({
        description: 'from a file',
        job_actions: [{ freezer_action: { action: 'exec', command: `echo x >> ${f}` } }],
      }),
    );
    const started = cli([...base, '-i', '1', '-f', jobsDir, '--agent-path', AGENT_BIN, 'start']);
    expect(started.status).toBe(0);
    const pid = Number(started.stdout.match(/pid (\d+)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(cli([...base, 'start']).status).toBe(1); // already running
    const status = cli([...base, 'status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`pid ${pid}`);

    const jobId = JobsDirSync.stableJobId(CLIENT, 'nightly.json');
    const done = await completed(api, jobId);
    expect(done.description).toBe('from a file');
    expect(done.job_schedule.result).toBe('success');
    expect(lines(f)).toEqual(['x']);

    const restarted = cli([...base, '-i', '1', '--agent-path', AGENT_BIN, 'restart']);
    expect(restarted.status).toBe(0);
    const newPid = Number(restarted.stdout.match(/started \(pid (\d+)\)/)?.[1]);
    expect(newPid).toBeGreaterThan(0);
    expect(newPid).not.toBe(pid);
    expect(cli([...base, 'status']).stdout).toContain(`pid ${newPid}`);
    // The unchanged job file is not uploaded again (a replace would re-arm the job), so it does not run again.
    await new Promise((r) => setTimeout(r, 3000));
    expect(lines(f)).toEqual(['x']);

    const stopped = cli([...base, 'stop']);
    expect(stopped.status).toBe(0);
    await waitFor('daemon gone', () => !pidAlive(newPid));
    expect(cli([...base, 'status']).status).toBe(1);
  });

  it('job and session verbs talk to the API, with tables and --format json', async () => {
    const file = join(dir, 'job.json');
    writeFileSync(
      file,
      JSON.stringify({
        description: 'cli job',
        job_schedule: { schedule_interval: '1 days' },
        job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
      }),
    );
    const created = cli([...base, 'job-create', '--file', file]);
    expect(created.status).toBe(0);
    const id = created.stdout.match(/Job (\w+) created/)?.[1] ?? '';
    expect(id).toMatch(/^\w+$/);

    const table = cli([...base, 'job-list']);
    expect(table.stdout).toMatch(/\| job_id\s+\| client_id/);
    expect(table.stdout).toContain(id);
    const json = JSON.parse(cli([...base, '--format', 'json', 'job-list']).stdout) as {
      job_id: string;
      client_id: string;
    }[];
    expect(json.find((j) => j.job_id === id)?.client_id).toBe(CLIENT);
    expect(JSON.parse(cli([...base, 'job-get', id]).stdout)).toMatchObject({
      job_id: id,
      description: 'cli job',
    });

    expect(cli([...base, 'job-stop', '-j', id]).stdout).toContain('stop: success');
    expect((await api.getJob(id))?.job_schedule.event).toBe('stop');

    const sfile = join(dir, 'session.json');
    writeFileSync(sfile, JSON.stringify({ description: 'cli session', hold_off: 5, schedule: {} }));
    const sid =
      cli([...base, 'session-create', '--file', sfile]).stdout.match(/Session (\w+) created/)?.[1] ?? '';
    expect(cli([...base, 'session-add-job', '--session-id', sid, '--job-id', id]).status).toBe(0);
    expect(Object.keys((await api.getSession(sid))?.jobs ?? {})).toEqual([id]);
    expect(cli([...base, 'session-list']).stdout).toContain(sid);
    expect(cli([...base, 'session-remove-job', '--session-id', sid, '--job-id', id]).status).toBe(0);
    expect(cli([...base, 'session-delete', sid]).status).toBe(0);
    expect(await api.getSession(sid)).toBeNull();

    expect(cli([...base, 'client-list']).stdout).toContain(CLIENT);
    expect(cli([...base, 'backup-list']).status).toBe(0);
    expect(cli([...base, 'job-delete', id]).status).toBe(0);
    expect(await api.getJob(id)).toBeNull();
  });

  it('authenticates with the stock OS_* environment through the identity endpoint (API URL from the catalog)', async () => {
    const proc = startScheduler(['-i', '1', '--agent-path', AGENT_BIN], {
      OS_AUTH_URL: `${server.url}/v3`,
      OS_USERNAME: 'admin',
      OS_PASSWORD: 'x',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_ID: 'p-env',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_BACKUP_URL: '',
    });
    try {
      const envApi = new FreezerApiClient({ apiUrl: server.url, projectId: 'p-env' });
      // Default client id: "<project>_<hostname>".
      const client = await waitFor('client registered from OS_* env', () =>
        envApi.getClient(`p-env_${hostname()}`),
      );
      expect(client.client.hostname).toBe(hostname());
    } finally {
      await proc.stop();
    }
  });

  it('errors: one line, exit 1 for failures and 2 for usage', () => {
    const missing = cli([...base, 'job-get', 'nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli([...base, 'job-create', '--file', '/nonexistent.json']).stderr).toMatch(
      /cannot read \/nonexistent.json/,
    );
    expect(cli([...base, 'job-get']).status).toBe(2);
    expect(cli([...base, '-i', 'soon', 'status']).status).toBe(2);
    expect(cli(['job-list'], { OS_AUTH_URL: '', OS_BACKUP_URL: '' }).status).toBe(2);
    const down = cli(['--api-url', 'http://127.0.0.1:1', '--project-id', 'p1', 'job-list']);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/cannot reach/);
  });
});
