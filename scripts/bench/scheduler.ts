// node --import tsx scripts/bench/scheduler.ts [--nodes 1000] [--poll 10] [--interval 30] [--slots 3] [--job-ms 200]
// N lightweight scheduler nodes in this process (the real Scheduler: triggers, state machine, outbox,
// registration, heartbeat, search polls; only the agent child is simulated) against one of our APIs on
// SQLite. Each node owns one interval job with a fixed number of slots, so the expected number of runs is
// exact: prints the API's CPU, request latency per kind, lost results and double runs. No assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreezerApiClient } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import {
  SimulatedAgents,
  auditRuns,
  createSlotJobs,
  startFleet,
  waitForFleet,
  type SimulationPlan,
} from './lib/node-simulation.js';
import { startApi } from '@freezer/testkit';
import { cpuSeconds } from './lib/process-cpu.js';
import { RequestLatency } from './lib/request-latency.js';
import { numberArgs } from './lib/args.js';

const ARGS = numberArgs({ nodes: 1000, poll: 10, interval: 30, slots: 3, 'job-ms': 200 });
const PROJECT = 'bench';
const plan: SimulationPlan = {
  nodes: ARGS.nodes,
  pollS: ARGS.poll,
  intervalS: ARGS.interval,
  slots: ARGS.slots,
  jobMs: ARGS['job-ms'],
  project: PROJECT,
};
const latency = new RequestLatency();

// ------------------------------------------------------------------ API
const work = mkdtempSync(join(tmpdir(), 'bench-sched-'));
const api = await startApi({
  buildIfMissing: true,
  db: join(work, 'freezer.sqlite'),
  args: ['--log-level', 'warn'],
  logFile: join(work, 'api.log'),
});
const { url } = api;
const apiPid = api.pid;

const transport = latency.wrap(httpTransport());
const admin = new FreezerApiClient({
  apiUrl: url,
  projectId: PROJECT,
  token: 'bench',
  transport: httpTransport(),
});

// ------------------------------------------------------------------ jobs: one per node, ARGS.slots slots each
const t0 = Date.now();
const { jobIds, firstSlot, lastSlotEnd } = await createSlotJobs(admin, plan, 20_000 + ARGS.poll * 1000);
console.log(
  `created ${ARGS.nodes} jobs in ${((Date.now() - t0) / 1000).toFixed(1)} s; first slot in ${((firstSlot - Date.now()) / 1000).toFixed(0)} s`,
);

// ------------------------------------------------------------------ nodes
const agents = new SimulatedAgents(ARGS['job-ms']);
const cpu0 = cpuSeconds(apiPid);
const wall0 = Date.now();
const self0 = process.cpuUsage();
const fleet = startFleet(
  plan,
  () => new FreezerApiClient({ apiUrl: url, projectId: PROJECT, token: 'bench', transport }),
  join(work, 'nodes'),
  agents,
);
const deadline = lastSlotEnd + 3 * ARGS.poll * 1000 + 60_000;
const completedJobs = await waitForFleet(
  admin,
  fleet,
  plan,
  { lastSlotEnd, deadline },
  5000,
  (done, pending) =>
    process.stdout.write(
      `\r${((Date.now() - wall0) / 1000).toFixed(0)} s: ${done}/${ARGS.nodes} jobs completed, ${pending} reports queued   `,
    ),
);
const wall = (Date.now() - wall0) / 1000;
const apiCpu = cpuSeconds(apiPid) - cpu0;
const self = process.cpuUsage(self0);
console.log('');
await fleet.stop();

// ------------------------------------------------------------------ results
const audit = await auditRuns(admin, jobIds, plan, agents);

console.log(
  `\nScheduler benchmark: ${ARGS.nodes} nodes, poll ${ARGS.poll} s, ${ARGS.slots} slots of a ${ARGS.interval} s interval job each, ${ARGS['job-ms']} ms simulated agent`,
);
console.log(
  `wall ${wall.toFixed(0)} s; API CPU ${apiCpu.toFixed(1)} s = ${((100 * apiCpu) / wall).toFixed(1)} % of one core; node-simulation process CPU ${((self.user + self.system) / 1e6).toFixed(1)} s`,
);
console.log(
  `runs: expected ${audit.expected}, executed ${audit.executed}, recorded by the API ${audit.recorded}; missed slots ${audit.missedSlots}; lost results ${audit.lostResults}; double runs ${audit.extraRecords} (API) / ${audit.extraStarts} (local); jobs completed ${completedJobs}/${ARGS.nodes}`,
);
console.log(`\n${latency.table(wall)}`);

await api.stop();
rmSync(work, { recursive: true, force: true });
process.exit(0);
