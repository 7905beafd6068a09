import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreezerApiClient } from '@freezer/api-client';
import { apiClient, completed, PROJECT, workDir } from './support/fixtures.js';
import { waitFor } from '@freezer/testkit';
import { stopPid } from '@freezer/testkit';
import { startTestApi, type TestApi } from './support/test-api.js';

const STOCK_SCHEDULER = '/usr/bin/freezer-scheduler';
const STOCK_AGENT = '/usr/bin/freezer-agent';
let server: TestApi;
let api: FreezerApiClient;
let schedulerPid = -1;
const dir = workDir();
const CLIENT = `${PROJECT}_stocknode`;

beforeAll(async () => {
  for (const [bin, pkg] of [
    [STOCK_SCHEDULER, 'freezer-scheduler'],
    [STOCK_AGENT, 'python3-freezer'],
  ] as const) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y ${pkg}`);
  }
  server = await startTestApi('ours');
  api = apiClient(server.url);
  mkdirSync(join(dir, 'jobs'));
  const out = openSync(join(dir, 'scheduler.out'), 'a');
  // The stock scheduler authenticates through our identity endpoint (<api>/v3) with the stock OS_* variables.
  const child = spawn(
    STOCK_SCHEDULER,
    [
      '--no-daemon',
      '-c',
      CLIENT,
      '-i',
      '2',
      '-f',
      join(dir, 'jobs'),
      '--log-file',
      join(dir, 'scheduler.log'),
      'start',
    ],
    {
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        // npx puts node_modules/.bin (our freezer-agent) first on PATH; this test is about the stock agent.
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        OS_AUTH_URL: `${server.url}/v3`,
        OS_USERNAME: 'admin',
        OS_PASSWORD: 'unused',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_NAME: PROJECT,
        OS_PROJECT_ID: PROJECT,
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_BACKUP_URL: server.url,
        OS_BACKUP_API_VERSION: '2',
      },
    },
  );
  schedulerPid = child.pid ?? -1;
});

afterAll(async () => {
  await stopPid(schedulerPid);
  await server?.stop();
});

describe('the stock Debian freezer-scheduler against our API', () => {
  it('registers, runs an exec job and a local fs backup job with the stock agent, results visible through our API', async () => {
    const src = join(dir, 'src');
    const repo = join(dir, 'repo');
    mkdirSync(src);
    writeFileSync(join(src, 'data.txt'), 'payload\n'.repeat(1000));
    const marker = join(dir, 'exec-ran');
    const local = { storage: 'local' as const, container: repo };
    const id = await api.createJob({
      client_id: CLIENT,
      description: 'stock scheduler e2e',
      job_schedule: {},
      job_actions: [
        { freezer_action: { action: 'exec', command: `touch ${marker}`, ...local }, max_retries: 0 },
        {
          freezer_action: {
            action: 'backup',
            mode: 'fs',
            path_to_backup: src,
            backup_name: 'stockb',
            hostname: 'stocknode',
            ...local,
          },
          max_retries: 0,
        },
      ],
    });
    await waitFor('stock scheduler registered', async () => (await api.getClient(CLIENT)) !== null);
    const done = await completed(api, id, 120_000);
    expect(done.job_schedule.result).toBe('success');
    expect(existsSync(marker)).toBe(true);
    const backups = (await api.listAllBackups()).filter((b) => b.backup_metadata.job_id === id);
    expect(backups).toHaveLength(1);
    expect(backups[0]?.backup_metadata).toMatchObject({
      backup_name: 'stockb',
      hostname: 'stocknode',
      mode: 'fs',
      container: repo,
    });
    // The backup really is on the local storage, in the stock layout.
    expect(existsSync(join(repo, 'data', 'tar', 'stocknode_stockb'))).toBe(true);
    expect(readFileSync(join(dir, 'scheduler.log'), 'utf8')).toContain('returned success exit code');
  });
});
