// npm run bench:replicas -- [--nodes 1000] [--poll 10] [--interval 30] [--slots 3] [--job-ms 200] [--db-pool 20] [--no-kill] [--no-peer]
// The scheduler simulation (scripts/bench/lib/node-simulation.ts: N real Scheduler instances, only
// the agent simulated), each node with its own scheduler token and keep-alive connection, against
// two of our API replicas (auth on) on one PostgreSQL (Debian, private cluster on loopback) behind
// Debian's nginx on loopback. In the middle of the run replica B is killed with SIGKILL. The peer,
// run first in the same invocation so both see the same machine: one API (auth on) on SQLite, no
// proxy. Prints requests/s, latency percentiles, CPU per process group, requests per replica,
// missed slots, lost results and double runs. No assertions: the test suite asserts
// (apps/api/test/replicas-schedulers.test.ts), this measures.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreezerApiClient } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import {
  SimulatedAgents,
  auditRuns,
  clientOf,
  createSlotJobs,
  startFleet,
  waitForFleet,
  type RunAudit,
  type SimulationPlan,
} from './lib/node-simulation.js';
import { ensureBuilt } from '@freezer/testkit';
import { type Deployment, startReplicated, startSingle } from './lib/replica-deployment.js';
import { RequestLatency, pct } from './lib/request-latency.js';

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
const DB_POOL = arg('db-pool', 20);
const KILL = !args.includes('--no-kill');
const PEER = !args.includes('--no-peer');
const ADMIN_PASSWORD = 'bench replicas admin password';

interface Outcome {
  label: string;
  wall: number;
  audit: RunAudit;
  completed: number;
  latency: RequestLatency;
  cpu: Map<string, number>;
  /** Seconds into the run when B was killed, and the epoch ms of it. */
  killedAfter?: number;
  killedAt?: number;
  runsBeforeKill?: number;
}

async function call(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}: ${text}`);
  return { res, body: JSON.parse(text) as Record<string, unknown> };
}

/** The first admin's web session, then an admin token and one scheduler token per node. */
async function makeTokens(base: string): Promise<{ admin: string; nodes: string[] }> {
  const login = await call(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const headers = {
    cookie: (login.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': String(login.body.csrf_token),
    'content-type': 'application/json',
  };
  const token = async (body: Record<string, unknown>) =>
    String(
      (await call(`${base}/auth/tokens`, { method: 'POST', headers, body: JSON.stringify(body) })).body.token,
    );
  const admin = await token({ name: 'bench admin', project_id: plan.project, role: 'admin' });
  const nodes: string[] = [];
  for (let i = 0; i < plan.nodes; i += 50) {
    const batch = [];
    for (let k = i; k < Math.min(plan.nodes, i + 50); k++) {
      batch.push(token({ name: `node ${k}`, project_id: plan.project, client_id: clientOf(plan, k) }));
    }
    nodes.push(...(await Promise.all(batch)));
  }
  return { admin, nodes };
}

async function runScenario(d: Deployment, work: string, kill: boolean): Promise<Outcome> {
  console.log(`\n== ${d.label}: ${d.replicas.map((r) => r.address).join(', ')}; clients → ${d.base}`);
  const t0 = Date.now();
  const tokens = await makeTokens(d.base);
  const admin = new FreezerApiClient({
    apiUrl: d.base,
    projectId: plan.project,
    token: tokens.admin,
    transport: httpTransport(),
  });
  const { jobIds, firstSlot, lastSlotEnd } = await createSlotJobs(admin, plan, 20_000 + plan.pollS * 1000);
  console.log(
    `${plan.nodes + 1} tokens and ${plan.nodes} jobs in ${((Date.now() - t0) / 1000).toFixed(1)} s; first slot in ${((firstSlot - Date.now()) / 1000).toFixed(0)} s`,
  );

  const latency = new RequestLatency();
  latency.phase = kill && d.killB ? 'before the kill' : 'run';
  const agents = new SimulatedAgents(plan.jobMs);
  d.cpu.sample();
  const sampler = setInterval(() => d.cpu.sample(), 1000);
  const wall0 = Date.now();
  const fleet = startFleet(
    plan,
    (i) =>
      new FreezerApiClient({
        apiUrl: d.base,
        projectId: plan.project,
        token: tokens.nodes[i] ?? '',
        transport: latency.wrap(httpTransport()),
      }),
    join(work, `nodes-${d.replicas.length}`),
    agents,
  );
  const outcome: Partial<Outcome> = {};
  const killB = d.killB;
  const killer =
    kill && killB
      ? setTimeout(
          () => {
            d.cpu.sample();
            outcome.runsBeforeKill = agents.executed();
            killB();
            latency.phase = 'after the kill';
            outcome.killedAt = Date.now();
            outcome.killedAfter = (outcome.killedAt - wall0) / 1000;
            console.log(`\nkilled replica B (SIGKILL) after ${outcome.runsBeforeKill} runs`);
          },
          Math.max(0, firstSlot + 1.5 * plan.intervalS * 1000 - Date.now()),
        )
      : undefined;
  const deadline = lastSlotEnd + 3 * plan.pollS * 1000 + 120_000;
  const completed = await waitForFleet(admin, fleet, plan, { lastSlotEnd, deadline }, 5000, (done, pending) =>
    process.stdout.write(
      `\r${((Date.now() - wall0) / 1000).toFixed(0)} s: ${done}/${plan.nodes} jobs completed, ${pending} reports queued   `,
    ),
  );
  const wall = (Date.now() - wall0) / 1000;
  clearTimeout(killer);
  clearInterval(sampler);
  d.cpu.sample();
  await fleet.stop();
  const audit = await auditRuns(admin, jobIds, plan, agents);
  return { ...outcome, label: d.label, wall, audit, completed, latency, cpu: d.cpu.used() };
}

const coreShare = (seconds: number | undefined, wall: number) =>
  seconds === undefined ? '–' : `${seconds.toFixed(1)} s = ${((100 * seconds) / wall).toFixed(1)} %`;

function report(o: Outcome): void {
  const a = o.audit;
  console.log(
    `\n${o.label}: wall ${o.wall.toFixed(0)} s${o.killedAfter === undefined ? '' : `, replica B killed after ${o.killedAfter.toFixed(0)} s (${o.runsBeforeKill} runs done)`}`,
  );
  console.log(
    `runs: expected ${a.expected}, executed ${a.executed}, recorded ${a.recorded}; missed slots ${a.missedSlots}; lost results ${a.lostResults}; double runs ${a.extraRecords} (API) / ${a.extraStarts} (local); jobs completed ${o.completed}/${plan.nodes}; client transport errors ${o.latency.transportErrors}`,
  );
  console.log(
    `CPU (of one core over the run): ${[...o.cpu.entries()].map(([k, v]) => `${k} ${coreShare(v, k === 'replica B' && o.killedAfter !== undefined ? o.killedAfter : o.wall)}`).join('; ')}`,
  );
  if (o.latency.phases.size > 1) {
    for (const [phase, list] of o.latency.phases) {
      const sorted = [...list].sort((x, y) => x - y);
      console.log(
        `${phase}: ${list.length} requests, p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms`,
      );
    }
  }
  console.log(`\n${o.latency.table(o.wall)}`);
}

function sideBySide(outcomes: Outcome[]): void {
  const row = (name: string, f: (o: Outcome) => string) => `| ${name} | ${outcomes.map(f).join(' | ')} |`;
  const all = (o: Outcome) => o.latency.all();
  console.log(`\n| ${plan.nodes} nodes | ${outcomes.map((o) => o.label).join(' | ')} |`);
  console.log(`|---|${outcomes.map(() => '---').join('|')}|`);
  console.log(row('requests/s (client side)', (o) => (all(o).length / o.wall).toFixed(1)));
  for (const p of [50, 95, 99]) console.log(row(`p${p} ms, all requests`, (o) => pct(all(o), p).toFixed(1)));
  console.log(row('API CPU, % of one core', (o) => ((100 * (o.cpu.get('API') ?? 0)) / o.wall).toFixed(1)));
  console.log(row('nginx CPU, %', (o) => coreShare(o.cpu.get('nginx'), o.wall).replace(/.*= /, '')));
  console.log(row('PostgreSQL CPU, %', (o) => coreShare(o.cpu.get('database'), o.wall).replace(/.*= /, '')));
  console.log(
    row(
      'missed slots / lost results / double runs',
      (o) =>
        `${o.audit.missedSlots} / ${o.audit.lostResults} / ${o.audit.extraRecords + o.audit.extraStarts}`,
    ),
  );
}

// ------------------------------------------------------------------ main
ensureBuilt('@freezer/api', 'apps/api/dist/main.js');
console.log(
  `${plan.nodes} nodes, poll ${plan.pollS} s, ${plan.slots} slots of a ${plan.intervalS} s interval job each, ${plan.jobMs} ms simulated agent; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const outcomes: Outcome[] = [];
const work = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
try {
  if (PEER) {
    const single = await startSingle(work, ADMIN_PASSWORD);
    try {
      outcomes.push(await runScenario(single, work, false));
    } finally {
      await single.stop();
    }
    report(outcomes[0] as Outcome);
  }
  const replicated = await startReplicated(work, ADMIN_PASSWORD, DB_POOL);
  try {
    const o = await runScenario(replicated, work, KILL);
    outcomes.push(o);
    report(o);
    const proxy = await replicated.stopProxy?.();
    if (proxy) {
      const [a, b] = replicated.replicas;
      const gateway = proxy.gatewayErrors;
      const methods = [...new Set(gateway.map((g) => g.method))].join('/') || '–';
      const killedAt = o.killedAt;
      const nearKill =
        killedAt === undefined
          ? 0
          : gateway.filter((g) => g.at >= killedAt - 1000 && g.at <= killedAt + 15_000).length;
      console.log(
        `nginx: ${proxy.total} requests; answered by A ${proxy.answeredBy.get(a?.address ?? '') ?? 0}, by B ${proxy.answeredBy.get(b?.address ?? '') ?? 0}; passed to the other replica after a failure ${proxy.retried}; 502/503/504 to clients ${gateway.length} (${methods}; ${nearKill} of them within 15 s after the kill)`,
      );
    }
  } finally {
    await replicated.stop();
  }
  if (outcomes.length > 1) sideBySide(outcomes);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
process.exit(0);
