// npm run bench:replicas -- [--nodes 1000] [--poll 10] [--interval 30] [--slots 3] [--job-ms 200] [--no-kill]
// The scheduler simulation (scripts/bench/lib/node-simulation.ts: N real Scheduler instances, only
// the agent simulated) against two of our API replicas with auth on, on one PostgreSQL (Debian,
// private cluster on loopback), behind Debian's nginx on loopback. Every node has its own
// scheduler token and keep-alive connection. In the middle of the run replica B is killed with
// SIGKILL. Prints requests/s, latency percentiles, CPU per replica / nginx / PostgreSQL, requests
// per replica, lost results and double runs. No assertions: the test suite asserts
// (apps/api/test/replicas-schedulers.test.ts), this measures.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FreezerApiClient } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import { createDatabase, startPostgres } from '../testenv/postgres-server.js';
import { cpuSeconds, freePort, stopPid, waitForHttp } from './lib/api-process.js';
import { startNginx, upstreamStats } from './lib/nginx-proxy.js';
import {
  SimulatedAgents,
  clientOf,
  auditRuns,
  createSlotJobs,
  startFleet,
  waitForFleet,
  type SimulationPlan,
} from './lib/node-simulation.js';
import { CpuSampler, withChildren } from './lib/process-cpu.js';
import { RequestLatency } from './lib/request-latency.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const plan: SimulationPlan = {
  nodes: arg('nodes', 1000),
  pollS: arg('poll', 10),
  intervalS: arg('interval', 30),
  slots: arg('slots', 3),
  jobMs: arg('job-ms', 200),
  project: 'bench',
};
const KILL = !args.includes('--no-kill');
const ADMIN_PASSWORD = 'bench replicas admin password';
const root = resolve(import.meta.dirname, '../..');
const API_BIN = join(root, 'apps/api/bin/freezer-api.js');

interface Replica {
  name: string;
  url: string;
  address: string;
  pid: number;
  child: ChildProcess;
}

async function startReplica(name: string, dbUrl: string, work: string): Promise<Replica> {
  const port = await freePort();
  const log = openSync(join(work, `api-${name}.log`), 'a');
  const child = spawn(
    process.execPath,
    [API_BIN, '--port', String(port), '--db', dbUrl, '--auth', '--trust-proxy', '--log-level', 'warn'],
    {
      cwd: root,
      env: { ...process.env, FREEZER_ADMIN_PASSWORD: ADMIN_PASSWORD },
      stdio: ['ignore', log, log],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, () => child.exitCode === null && child.signalCode === null);
  return { name, url, address: `127.0.0.1:${port}`, pid: child.pid ?? -1, child };
}

async function call(url: string, init: RequestInit & { headers?: Record<string, string> }) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}: ${text}`);
  return { res, body: JSON.parse(text) as Record<string, unknown> };
}

// ------------------------------------------------------------------ servers
if (!existsSync(join(root, 'apps/api/dist/main.js'))) {
  spawnSync('npm', ['run', 'build', '-w', '@freezer/api'], { cwd: root, stdio: 'inherit' });
}
const work = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
const pg = await startPostgres();
const dbUrl = await createDatabase(pg.url, 'bench');
const postmaster = Number(readFileSync(join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
// Both replicas start at once on the empty database: migrations and the first admin must not clash.
const [a, b] = (await Promise.all([startReplica('A', dbUrl, work), startReplica('B', dbUrl, work)])) as [
  Replica,
  Replica,
];
const nginx = await startNginx(work, [a.address, b.address]);
const base = nginx.url;
console.log(`PostgreSQL ${pg.port}, replicas ${a.address} ${b.address}, nginx ${base}`);

const stopAll = async () => {
  await nginx.stop();
  await stopPid(a.pid);
  await stopPid(b.pid);
  await pg.stop();
};

try {
  // ---------------------------------------------------------------- tokens, through nginx
  const login = await call(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const session = {
    cookie: (login.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': String(login.body.csrf_token),
    'content-type': 'application/json',
  };
  const newToken = async (body: Record<string, unknown>): Promise<string> =>
    String(
      (await call(`${base}/auth/tokens`, { method: 'POST', headers: session, body: JSON.stringify(body) }))
        .body.token,
    );
  const t0 = Date.now();
  const adminToken = await newToken({ name: 'bench admin', project_id: plan.project, role: 'admin' });
  const nodeTokens: string[] = [];
  for (let i = 0; i < plan.nodes; i += 50) {
    const batch = [];
    for (let k = i; k < Math.min(plan.nodes, i + 50); k++) {
      batch.push(newToken({ name: `node ${k}`, project_id: plan.project, client_id: clientOf(plan, k) }));
    }
    nodeTokens.push(...(await Promise.all(batch)));
  }
  console.log(`created ${plan.nodes + 1} tokens in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const admin = new FreezerApiClient({
    apiUrl: base,
    projectId: plan.project,
    token: adminToken,
    transport: httpTransport(),
  });
  const t1 = Date.now();
  const { jobIds, firstSlot, lastSlotEnd } = await createSlotJobs(admin, plan, 20_000 + plan.pollS * 1000);
  console.log(
    `created ${plan.nodes} jobs in ${((Date.now() - t1) / 1000).toFixed(1)} s; first slot in ${((firstSlot - Date.now()) / 1000).toFixed(0)} s`,
  );

  // ---------------------------------------------------------------- the run
  const latency = new RequestLatency();
  const agents = new SimulatedAgents(plan.jobMs);
  const cpu = new CpuSampler()
    .group('replica A', () => [a.pid])
    .group('replica B', () => (b.child.exitCode === null && b.child.signalCode === null ? [b.pid] : []))
    .group('nginx', () => withChildren(nginx.pid))
    .group('PostgreSQL', () => withChildren(postmaster));
  cpu.sample();
  const aCpu0 = cpuSeconds(a.pid);
  let aCpuAtKill = aCpu0;
  const sampler = setInterval(() => cpu.sample(), 1000);
  const wall0 = Date.now();
  const self0 = process.cpuUsage();
  // Each simulated node is its own machine: its own token and keep-alive connection to nginx.
  const fleet = startFleet(
    plan,
    (i) =>
      new FreezerApiClient({
        apiUrl: base,
        projectId: plan.project,
        token: nodeTokens[i] ?? '',
        transport: latency.wrap(httpTransport()),
      }),
    join(work, 'nodes'),
    agents,
  );

  let killedAt: number | undefined;
  let runsBeforeKill = 0;
  const killTime = firstSlot + 1.5 * plan.intervalS * 1000;
  const killer = KILL
    ? setTimeout(
        () => {
          cpu.sample();
          runsBeforeKill = agents.executed();
          aCpuAtKill = cpuSeconds(a.pid);
          b.child.kill('SIGKILL');
          killedAt = Date.now();
          console.log(`\nkilled replica B (SIGKILL) after ${runsBeforeKill} runs`);
        },
        Math.max(0, killTime - Date.now()),
      )
    : undefined;

  const deadline = lastSlotEnd + 3 * plan.pollS * 1000 + 90_000;
  const completed = await waitForFleet(admin, fleet, plan, { lastSlotEnd, deadline }, 5000, (done, pending) =>
    process.stdout.write(
      `\r${((Date.now() - wall0) / 1000).toFixed(0)} s: ${done}/${plan.nodes} jobs completed, ${pending} reports queued   `,
    ),
  );
  const wall = (Date.now() - wall0) / 1000;
  clearTimeout(killer);
  clearInterval(sampler);
  cpu.sample();
  const self = process.cpuUsage(self0);
  await fleet.stop();

  // ---------------------------------------------------------------- results
  const audit = await auditRuns(admin, jobIds, plan, agents);
  await nginx.stop(); // flushes the access log
  const proxy = upstreamStats(nginx.accessLog);
  const used = cpu.used();
  const beforeKill = killedAt === undefined ? wall : (killedAt - wall0) / 1000;
  const afterKill = wall - beforeKill;

  const gateway = proxy.gatewayErrors;
  const nearKill = gateway.filter(
    (g) => killedAt !== undefined && g.at >= killedAt - 1000 && g.at <= killedAt + 15_000,
  );
  const methods = [...new Set(gateway.map((g) => g.method))].join('/');
  const gatewaySummary =
    gateway.length === 0 ? '0' : `${gateway.length} (${methods}; ${nearKill.length} within 15 s of the kill)`;
  console.log(
    `\nAPI replicas benchmark: ${plan.nodes} nodes (own token and connection each), poll ${plan.pollS} s, ${plan.slots} slots of a ${plan.intervalS} s interval job each, ${plan.jobMs} ms simulated agent; 2 replicas (--auth) on PostgreSQL behind nginx; replica B killed: ${killedAt === undefined ? 'no' : `${beforeKill.toFixed(0)} s into the ${wall.toFixed(0)} s run`}`,
  );
  console.log(
    `runs: expected ${audit.expected}, executed ${audit.executed} (${runsBeforeKill} before the kill), recorded by the API ${audit.recorded}; missed slots ${audit.missedSlots}; lost results ${audit.lostResults}; double runs ${audit.extraRecords} (API) / ${audit.extraStarts} (local); jobs completed ${completed}/${plan.nodes}`,
  );
  console.log(
    `requests: ${proxy.total} through nginx = ${(proxy.total / wall).toFixed(1)} req/s; answered by A ${proxy.answeredBy.get(a.address) ?? 0}, by B ${proxy.answeredBy.get(b.address) ?? 0}; passed to the other replica after a failure ${proxy.retried}; 502/503/504 to clients ${gatewaySummary}; client transport errors ${latency.transportErrors}`,
  );
  const share = (name: string, seconds: number) =>
    `${name} ${(used.get(name) ?? 0).toFixed(1)} s = ${((100 * (used.get(name) ?? 0)) / seconds).toFixed(1)} %`;
  console.log(
    `CPU (share of one core over the time it ran): ${share('replica A', wall)}; ${share('replica B', beforeKill)}; ${share('nginx', wall)}; ${share('PostgreSQL', wall)}; node simulation ${((self.user + self.system) / 1e6).toFixed(1)} s`,
  );
  if (killedAt !== undefined) {
    const aAfter = cpuSeconds(a.pid) - aCpuAtKill;
    console.log(
      `replica A: ${((100 * (aCpuAtKill - aCpu0)) / beforeKill).toFixed(1)} % of a core while both served, ${((100 * aAfter) / afterKill).toFixed(1)} % alone for the last ${afterKill.toFixed(0)} s`,
    );
  }
  console.log(`\n${latency.table(wall)}`);
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
