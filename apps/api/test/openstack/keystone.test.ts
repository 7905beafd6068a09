import { identityV3, passwordAuth } from '@freezer/openstack';
import { type ApiProcess, type Cloud, type CloudUser, cloudAt, startApi } from '@freezer/testkit';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Our API behind the cloud's real Keystone (the `openstack` project's globalSetup started it): the
// stock `freezer` CLI with a Keystone token, tenants from Keystone projects, revocation within the
// cache limit, and dashboard login with Keystone credentials, beside our own users.

const run = promisify(execFile);
const CACHE_SECONDS = 3;
const LOCAL_ADMIN_PASSWORD = 'local-admin-secret';

let cloud: Cloud;
let api: ApiProcess;
let dir: string;
let demoProject = '';

async function login(user: CloudUser): Promise<{ token: string; project: string }> {
  const issued = await passwordAuth({
    authUrl: cloud.authUrl,
    username: user.username,
    password: user.password,
    projectName: user.project,
  });
  return { token: issued.token, project: issued.body.project?.id ?? '' };
}

async function freezer(args: string[], token: string, project: string) {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    OS_AUTH_URL: cloud.authUrl,
    OS_TOKEN: token,
    OS_PROJECT_ID: project,
    OS_BACKUP_URL: api.url,
    OS_BACKUP_API_VERSION: '2',
  };
  try {
    const { stdout, stderr } = await run('/usr/bin/freezer', args, { env, cwd: dir, timeout: 120_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

const jobs = (project: string, token: string) =>
  fetch(`${api.url}/v2/${project}/jobs`, { headers: { 'X-Auth-Token': token } });

beforeAll(async () => {
  cloud = cloudAt();
  dir = mkdtempSync(join(tmpdir(), 'freezer-keystone-'));
  api = await startApi({
    from: 'source',
    args: ['--keystone-url', cloud.authUrl, '--keystone-user', cloud.freezer.username],
    env: {
      FREEZER_KEYSTONE_PASSWORD: cloud.freezer.password,
      FREEZER_KEYSTONE_PROJECT: cloud.freezer.project,
      FREEZER_KEYSTONE_CACHE: String(CACHE_SECONDS),
      FREEZER_ADMIN_PASSWORD: LOCAL_ADMIN_PASSWORD,
    },
  });
  demoProject = (await login(cloud.demo)).project;
});

afterAll(async () => {
  await api?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('API behind the real Keystone', () => {
  it('the stock freezer CLI with a Keystone token registers a client, creates and lists jobs', async () => {
    const { token, project } = await login(cloud.demo);
    const clientId = `${project}_ks-node`;
    const clientFile = join(dir, 'client.json');
    writeFileSync(clientFile, JSON.stringify({ client_id: clientId, hostname: 'ks-node' }));
    const reg = await freezer(['client-register', '--file', clientFile], token, project);
    expect(reg.out).toContain(`Client ${clientId} registered`);
    expect(reg.code).toBe(0);

    const jobFile = join(dir, 'job.json');
    writeFileSync(
      jobFile,
      JSON.stringify({
        description: 'keystone job',
        job_actions: [{ freezer_action: { action: 'exec', command: 'true' }, max_retries: 1 }],
      }),
    );
    const created = await freezer(['-v', 'job-create', '--file', jobFile, '-C', clientId], token, project);
    expect(created.code).toBe(0);
    const jobId = /Job ([0-9a-f]{32}) created/.exec(created.out)?.[1];
    expect(jobId).toBeDefined();

    const list = await freezer(['job-list', '-C', clientId, '-f', 'value'], token, project);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${jobId} keystone job`);

    // Stored under the Keystone project and user, as the stock API would.
    const res = await jobs(project, token);
    const body = (await res.json()) as { jobs: { job_id: string; user_id: string; project_id: string }[] };
    const job = body.jobs.find((j) => j.job_id === jobId);
    expect(job?.project_id).toBe(project);
  });

  it("another project's token is refused on this project, and sees none of its jobs", async () => {
    const alt = await login(cloud.alt);
    expect(alt.project).not.toBe(demoProject);
    const res = await jobs(demoProject, alt.token);
    expect(res.status).toBe(403);
    const own = await jobs(alt.project, alt.token);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { jobs: unknown[] }).jobs).toEqual([]);
    const cli = await freezer(['job-list', '-f', 'value'], alt.token, demoProject);
    expect(cli.code).not.toBe(0);
  });

  it('an unknown token is a 401, not a 500', async () => {
    const res = await jobs(demoProject, 'gAAAAA-not-a-keystone-token');
    expect(res.status).toBe(401);
  });

  it('a token revoked in Keystone stops working within the cache limit', async () => {
    const { token } = await login(cloud.demo);
    expect((await jobs(demoProject, token)).status).toBe(200);
    const revoke = await fetch(`${identityV3(cloud.authUrl)}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': token, 'X-Subject-Token': token },
    });
    expect(revoke.status).toBe(204);
    await new Promise((r) => setTimeout(r, (CACHE_SECONDS + 1) * 1000));
    expect((await jobs(demoProject, token)).status).toBe(401);
  });

  it('the dashboard logs in with Keystone credentials; our own admin still logs in beside it', async () => {
    const res = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: cloud.demo.username, password: cloud.demo.password }),
    });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = await fetch(`${api.url}/auth/session`, { headers: { cookie } });
    const info = (await session.json()) as {
      user: { name: string; projects: { project_id: string; role: string }[] };
    };
    expect(info.user.name).toBe('demo');
    expect(info.user.projects).toEqual([{ project_id: demoProject, role: 'member' }]);
    expect((await fetch(`${api.url}/v2/${demoProject}/jobs`, { headers: { cookie } })).status).toBe(200);

    const wrong = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: cloud.demo.username, password: 'wrong-password' }),
    });
    expect(wrong.status).toBe(401);

    const local = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: LOCAL_ADMIN_PASSWORD }),
    });
    expect(local.status).toBe(200);
  });

  it('--keystone-only: our own users are off, Keystone users still work', async () => {
    const only = await startApi({
      from: 'source',
      args: ['--keystone-url', cloud.authUrl, '--keystone-only'],
      env: {
        FREEZER_KEYSTONE_PASSWORD: cloud.freezer.password,
        FREEZER_ADMIN_PASSWORD: LOCAL_ADMIN_PASSWORD,
      },
    });
    try {
      const loginAs = (username: string, password: string) =>
        fetch(`${only.url}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      expect((await loginAs('admin', LOCAL_ADMIN_PASSWORD)).status).toBe(401);
      expect((await loginAs(cloud.demo.username, cloud.demo.password)).status).toBe(200);
      const { token } = await login(cloud.demo);
      const res = await fetch(`${only.url}/v2/${demoProject}/jobs`, { headers: { 'X-Auth-Token': token } });
      expect(res.status).toBe(200);
    } finally {
      await only.cleanup();
    }
  });
});
