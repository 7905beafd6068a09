import { createStore, type Store } from '@freezer/store';
import type { FastifyInstance } from 'fastify';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { fsBackupAction } from './helpers.js';

// The real Debian `freezer` CLI (python3-freezerclient) against our API, with OS_AUTH_URL pointing
// at our own identity endpoint and no OS_BACKUP_URL: the CLI must find us through the token catalog.

const run = promisify(execFile);
const FREEZER = '/usr/bin/freezer';
const PROJECT = 'stockproj';

let app: FastifyInstance;
let store: Store;
let dir: string;
let base: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function freezer(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
  };
  Object.assign(env, {
    OS_AUTH_URL: `${base}/v3`,
    OS_USERNAME: 'tester',
    OS_PASSWORD: 'anything',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_PROJECT_NAME: PROJECT,
    OS_PROJECT_ID: PROJECT,
    OS_BACKUP_API_VERSION: '2',
    ...extraEnv,
  });
  try {
    const { stdout, stderr } = await run(FREEZER, args, { env, cwd: dir, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

beforeAll(async () => {
  if (!existsSync(FREEZER)) {
    throw new Error('the stock freezer CLI is missing: run `apt-get install -y python3-freezerclient`');
  }
  dir = mkdtempSync(join(tmpdir(), 'freezer-stock-cli-'));
  store = createStore({ path: join(dir, 'freezer.sqlite') });
  app = await buildApp({ store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('stock freezer CLI against our API', { timeout: 120_000 }, () => {
  let jobId = '';

  it('client-register and client-list', async () => {
    const reg = await freezer([
      'client-register',
      '--file',
      file('client.json', {
        client_id: `${PROJECT}_node1`,
        hostname: 'node1',
        description: 'from stock cli',
      }),
    ]);
    expect(reg.code).toBe(0);
    expect(reg.stdout + reg.stderr).toContain(`Client ${PROJECT}_node1 registered`);
    const list = await freezer(['client-list', '-f', 'value']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${PROJECT}_node1 [0-9a-f]{32} node1 from stock cli$`, 'm'));
  });

  it('job-create from a JSON file, job-list, job-show', async () => {
    const job = {
      description: 'stock job',
      job_schedule: { schedule_interval: '10 minutes' },
      job_actions: [
        {
          freezer_action: { action: 'exec', command: 'echo hi' },
          max_retries: 1,
          max_retries_interval: 5,
          mandatory: true,
        },
      ],
    };
    const created = await freezer([
      '-v',
      'job-create',
      '--file',
      file('job.json', job),
      '-C',
      `${PROJECT}_node1`,
    ]);
    expect(created.code).toBe(0);
    const match = /Job ([0-9a-f]{32}) created/.exec(created.stderr);
    expect(match).not.toBeNull();
    jobId = match?.[1] ?? '';

    const list = await freezer(['job-list', '-C', `${PROJECT}_node1`, '-f', 'value']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${jobId} stock job 1`);

    const show = await freezer(['job-show', jobId, '-f', 'json']);
    expect(show.code).toBe(0);
    const doc = JSON.parse(show.stdout) as Record<string, string>;
    expect(doc['Job ID']).toBe(jobId);
    expect(doc['Client ID']).toBe(`${PROJECT}_node1`);
    expect(doc.Interval).toBe('10 minutes');
    expect((await store.jobs.get({ projectId: PROJECT, userId: 'admin' }, jobId))?.doc.description).toBe(
      'stock job',
    );
  });

  it('action-create', async () => {
    const action = {
      freezer_action: fsBackupAction(),
      max_retries: 3,
    };
    const created = await freezer(['-v', 'action-create', '--file', file('action.json', action)]);
    expect(created.code).toBe(0);
    const id = /Action ([0-9a-f]{32}) created/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();
    const list = await freezer(['action-list', '-f', 'value']);
    expect(list.stdout).toContain(`${id} b1 backup /etc fs local`);
  });

  it('session-create and session-add-job', async () => {
    const created = await freezer([
      '-v',
      'session-create',
      '--file',
      file('session.json', { description: 's1', hold_off: 5, schedule: { schedule_interval: '10 minutes' } }),
    ]);
    expect(created.code).toBe(0);
    const sessionId = /Session ([0-9a-f]{32}) created/.exec(created.stderr)?.[1] ?? '';
    expect(sessionId).not.toBe('');
    const added = await freezer(['session-add-job', '--session-id', sessionId, '--job-id', jobId]);
    expect(added.code).toBe(0);
    expect(added.stdout + added.stderr).toContain(`Job ${jobId} added correctly to session ${sessionId}`);
    const job = (await app.inject({ method: 'GET', url: `/v2/${PROJECT}/jobs/${jobId}` })).json();
    expect(job.session_id).toBe(sessionId);
    const show = await freezer(['session-show', sessionId, '-f', 'json']);
    expect(JSON.parse(show.stdout)['Session ID']).toBe(sessionId);
  });

  it('backup-create and backup-list', async () => {
    const meta = {
      container: '/tmp/backups',
      hostname: 'node1',
      backup_name: 'b1',
      time_stamp: 1700000000,
      curr_backup_level: 0,
      path_to_backup: '/etc',
    };
    const created = await freezer(['-v', 'backup-create', '--file', file('backup.json', meta)]);
    expect(created.code).toBe(0);
    const backupId = /Backup ([0-9a-f]{32}) created/.exec(created.stderr)?.[1];
    expect(backupId).toBeDefined();
    const list = await freezer(['backup-list', '-f', 'csv']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`"${backupId}","","node1","/etc","2023-11-14 22:13:20",0`);
  });

  it('job-delete, then job-show reports it is gone', async () => {
    const del = await freezer(['job-delete', jobId]);
    expect(del.code).toBe(0);
    expect(del.stdout + del.stderr).toContain(`Job ${jobId} deleted`);
    const show = await freezer(['job-show', jobId]);
    expect(show.stdout + show.stderr).toContain('Job not found');
  });

  it('works against /v1 with OS_BACKUP_API_VERSION=1 (project "default")', async () => {
    const created = await freezer(
      [
        '-v',
        'job-create',
        '--file',
        file('job1.json', { description: 'v1 job', job_actions: [] }),
        '-C',
        'node1',
      ],
      { OS_BACKUP_API_VERSION: '1' },
    );
    expect(created.code).toBe(0);
    const id = /Job ([0-9a-f]{32}) created/.exec(created.stderr)?.[1] ?? '';
    expect(id).not.toBe('');
    const list = await freezer(['job-list', '-f', 'value'], { OS_BACKUP_API_VERSION: '1' });
    expect(list.stdout).toContain(`${id} v1 job 0`);
    expect((await app.inject({ method: 'GET', url: `/v2/default/jobs/${id}` })).json().description).toBe(
      'v1 job',
    );
  });
});
