// node --import tsx scripts/bench/scheduler.ts [--nodes 1000] [--poll 10] [--interval 30] [--slots 3] [--job-ms 200]
// N lightweight scheduler nodes in this process (the real Scheduler: triggers, state machine, outbox,
// registration, heartbeat, search polls; only the agent child is simulated) against one of our APIs on
// SQLite. Each node owns one interval job with a fixed number of slots, so the expected number of runs is
// exact: prints the API's CPU, request latency per kind, lost results and double runs. No assertions.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FreezerApiClient, type Transport } from '@freezer/api-client';
import { httpTransport, Scheduler, silentLogger, type AgentHandle } from '@freezer/scheduler';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const NODES = arg('nodes', 1000);
const POLL_S = arg('poll', 10);
const INTERVAL_S = arg('interval', 30);
const SLOTS = arg('slots', 3);
const JOB_MS = arg('job-ms', 200);
const PROJECT = 'bench';
const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** utime + stime of a process in seconds (/proc/<pid>/stat fields 14 and 15, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// ------------------------------------------------------------------ latency recording
const samples = new Map<string, number[]>();
function kindOf(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/v2\/[^/]+/, '');
  if (path.endsWith('/heartbeat')) return 'POST heartbeat';
  if (path.endsWith('/runs')) return `${method} runs`;
  if (path.startsWith('/jobs/')) return `${method} job`;
  return `${method} ${path.split('/')[1] ?? ''}`;
}
function instrumented(inner: Transport): Transport {
  return async (req) => {
    const t = performance.now();
    const res = await inner(req);
    const kind = kindOf(req.method, req.url);
    let list = samples.get(kind);
    if (!list) samples.set(kind, (list = []));
    list.push(performance.now() - t);
    return res;
  };
}
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

// ------------------------------------------------------------------ API
if (!existsSync(join(root, 'apps/api/dist/main.js'))) {
  spawnSync('npm', ['run', 'build', '-w', '@freezer/api'], { cwd: root, stdio: 'inherit' });
}
const work = mkdtempSync(join(tmpdir(), 'bench-sched-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const apiLog = openSync(join(work, 'api.log'), 'a');
const apiProc = spawn(
  process.execPath,
  [
    join(root, 'apps/api/bin/freezer-api.js'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--db',
    join(work, 'freezer.sqlite'),
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', apiLog, apiLog] },
);
const apiPid = apiProc.pid ?? -1;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/v2/`)).status < 500) break;
  } catch {
    if (i > 200) throw new Error('API did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}

const transport = instrumented(httpTransport());
const admin = new FreezerApiClient({
  apiUrl: url,
  projectId: PROJECT,
  token: 'bench',
  transport: httpTransport(),
});

// ------------------------------------------------------------------ jobs: one per node, SLOTS slots each
const t0 = Date.now();
const firstSlot = Math.ceil((t0 + 20_000 + POLL_S * 1000) / 1000) * 1000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const clientOf = (i: number): string => `${PROJECT}_node${String(i).padStart(4, '0')}`;
const jobIds: string[] = [];
for (let i = 0; i < NODES; i += 25) {
  const batch = [];
  for (let k = i; k < Math.min(NODES, i + 25); k++) {
    const start = firstSlot + (k % INTERVAL_S) * 1000; // spread starts over one interval
    batch.push(
      admin.createJob({
        client_id: clientOf(k),
        description: `bench ${k}`,
        job_schedule: {
          schedule_interval: `${INTERVAL_S} seconds`,
          schedule_start_date: iso(start),
          schedule_end_date: iso(start + (SLOTS - 1) * INTERVAL_S * 1000),
        },
        job_actions: [
          { freezer_action: { action: 'exec', command: 'simulated', backup_name: `n${k}` }, max_retries: 0 },
        ],
      }),
    );
  }
  jobIds.push(...(await Promise.all(batch)));
}
console.log(
  `created ${NODES} jobs in ${((Date.now() - t0) / 1000).toFixed(1)} s; first slot in ${((firstSlot - Date.now()) / 1000).toFixed(0)} s`,
);

// ------------------------------------------------------------------ nodes
const executions = new Map<string, number>();
function simulatedAgent(_path: string, action: Record<string, unknown>): AgentHandle {
  const key = String(action.backup_name);
  executions.set(key, (executions.get(key) ?? 0) + 1);
  let finish: (code: number) => void = () => {};
  const done = new Promise<{ exitCode: number; stdout: string; stderr: string }>((res) => {
    const timer = setTimeout(() => res({ exitCode: 0, stdout: '', stderr: '' }), JOB_MS);
    finish = (code) => {
      clearTimeout(timer);
      res({ exitCode: code, stdout: '', stderr: '' });
    };
  });
  return { pid: 0, done, kill: () => finish(-15) };
}

const nodes: Scheduler[] = [];
const loops: Promise<void>[] = [];
const cpu0 = cpuSeconds(apiPid);
const wall0 = Date.now();
const self0 = process.cpuUsage();
for (let i = 0; i < NODES; i++) {
  const node = new Scheduler({
    api: new FreezerApiClient({ apiUrl: url, projectId: PROJECT, token: 'bench', transport }),
    clientId: clientOf(i),
    stateDir: join(work, 'nodes', String(i)),
    agentPath: 'simulated',
    interval: POLL_S,
    log: silentLogger,
    version: 'bench',
    timeZone: 'UTC',
    startAgent: simulatedAgent,
  });
  nodes.push(node);
  // Spread the nodes' poll phases over one poll period, as real nodes started at different times.
  loops.push(new Promise((r) => setTimeout(r, (i * POLL_S * 1000) / NODES)).then(() => node.start()));
}

const lastSlotEnd = firstSlot + (INTERVAL_S - 1) * 1000 + (SLOTS - 1) * INTERVAL_S * 1000;
const deadline = lastSlotEnd + 3 * POLL_S * 1000 + 60_000;
let completedJobs = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 5000));
  const jobs = await admin.listJobs({ limit: -1 });
  completedJobs = jobs.filter((j) => j.job_schedule?.status === 'completed').length;
  const pending = nodes.reduce((n, s) => n + s.outbox.pending(), 0);
  process.stdout.write(
    `\r${((Date.now() - wall0) / 1000).toFixed(0)} s: ${completedJobs}/${NODES} jobs completed, ${pending} reports queued   `,
  );
  if (completedJobs === NODES && pending === 0 && Date.now() > lastSlotEnd) break;
}
const wall = (Date.now() - wall0) / 1000;
const apiCpu = cpuSeconds(apiPid) - cpu0;
const self = process.cpuUsage(self0);
console.log('');
await Promise.all(nodes.map((n) => n.stop()));
await Promise.allSettled(loops);

// ------------------------------------------------------------------ results
let recorded = 0;
let doubleRuns = 0;
for (let i = 0; i < jobIds.length; i += 50) {
  const lists = await Promise.all(jobIds.slice(i, i + 50).map((id) => admin.listRuns(id, { limit: 100 })));
  for (const runs of lists) {
    const list = runs ?? [];
    recorded += list.length;
    const slots = new Set(list.map((r) => Math.round(r.time_started / INTERVAL_S)));
    doubleRuns += list.length - slots.size;
  }
}
const localDoubles = [...executions.values()].reduce((n, c) => n + Math.max(0, c - SLOTS), 0);
const expected = NODES * SLOTS;
const executed = [...executions.values()].reduce((a, b) => a + b, 0);

console.log(
  `\nScheduler benchmark: ${NODES} nodes, poll ${POLL_S} s, ${SLOTS} slots of a ${INTERVAL_S} s interval job each, ${JOB_MS} ms simulated agent`,
);
console.log(
  `wall ${wall.toFixed(0)} s; API CPU ${apiCpu.toFixed(1)} s = ${((100 * apiCpu) / wall).toFixed(1)} % of one core; node-simulation process CPU ${((self.user + self.system) / 1e6).toFixed(1)} s`,
);
console.log(
  `runs: expected ${expected}, executed ${executed}, recorded by the API ${recorded}; lost ${expected - recorded}; double runs ${doubleRuns} (API) / ${localDoubles} (local); jobs completed ${completedJobs}/${NODES}`,
);
console.log(
  '\n| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|',
);
for (const [kind, list] of [...samples.entries()].sort((a, b) => b[1].length - a[1].length)) {
  const s = [...list].sort((a, b) => a - b);
  console.log(
    `| ${kind} | ${s.length} | ${(s.length / wall).toFixed(1)} | ${pct(s, 50).toFixed(1)} | ${pct(s, 95).toFixed(1)} | ${pct(s, 99).toFixed(1)} | ${(s.at(-1) ?? 0).toFixed(1)} |`,
  );
}

apiProc.kill('SIGTERM');
await new Promise((r) => apiProc.on('exit', r));
rmSync(work, { recursive: true, force: true });
process.exit(0);
