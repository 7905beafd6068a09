// npm run bench:freshness [-- --jobs 10000 --clients 1000 --load 20]
// The freshness evaluator's cost in a real API process on SQLite: 10,000 jobs over 1,000 clients
// (two in three scheduled, each with a recorded run; a third completed), one alert rule over every
// job and client. Prints the CPU of one evaluation cycle (and what it is in % of a core at the
// default 30 s cycle) and the scheduler poll's p99 with alerts off, at the default 30 s cycle and
// evaluating every second (the worst case). No assertions: figures go to docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiProcess, startApi } from '@freezer/testkit';
import { type LoadResult, pollRequest, runLoad } from './lib/api-load.js';
import { seedOverHttp } from './lib/api-seed.js';
import { cpuSeconds } from './lib/process-cpu.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const JOBS = arg('jobs', 10_000);
const CLIENTS = arg('clients', 1_000);
const LOAD_S = arg('load', 20);
const PREFIX = '/v2/bench';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), 'bench-fresh-'));
const db = join(work, 'freezer.sqlite');
const start = (interval: number): Promise<ApiProcess> =>
  startApi({
    buildIfMissing: true,
    db,
    args: ['--log-level', 'warn', '--alerts-interval', String(interval)],
    logFile: join(work, 'api.log'),
  });

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.body?.cancel();
}

/** One successful run per scheduled job, started now: the fleet is on time. */
async function recordRuns(base: string, jobIds: string[]): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  let next = 0;
  const worker = async () => {
    while (next < jobIds.length) {
      const i = next++;
      if (i % 3 === 0) continue; // completed jobs (api-seed) have no run
      await post(`${base}/jobs/${jobIds[i]}/runs`, {
        run_id: `run${i}`,
        time_started: now,
        time_ended: now + 5,
        result: 'success',
        actions: [],
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function evaluations(url: string): Promise<{ cycles: number; seconds: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    cycles: value(/^freezer_alert_evaluations_total\{outcome="ran"\} (\S+)$/m),
    seconds: value(/^freezer_alert_evaluation_seconds_sum (\S+)$/m),
  };
}

const poll = (api: ApiProcess, name: string, seconds: number): Promise<LoadResult> =>
  runLoad(name, pollRequest(PREFIX, CLIENTS), {
    url: api.url,
    connections: 8,
    duration: seconds,
    serverPid: api.pid,
  });

let api = await start(0);
console.error(`seeding ${JOBS} jobs over ${CLIENTS} clients…`);
const jobIds = await seedOverHttp(`${api.url}${PREFIX}`, { clients: CLIENTS, jobs: JOBS }, 16);
await recordRuns(`${api.url}${PREFIX}`, jobIds);
await post(`${api.url}${PREFIX}/alerts/rules`, {
  name: 'everything',
  kinds: ['job_late', 'job_failed', 'client_stale', 'rpo_breach'],
  stale_after_seconds: 3600,
});

console.error('poll, alerts off…');
const off = await poll(api, 'alerts off', LOAD_S);
await api.stop();

console.error('evaluation CPU, idle API evaluating every second…');
api = await start(1);
await sleep(3000); // the first cycle opens what is late at start; steady state after
const e0 = await evaluations(api.url);
const cpu0 = cpuSeconds(api.pid);
await sleep(15_000);
const cpu = cpuSeconds(api.pid) - cpu0;
const e1 = await evaluations(api.url);
const cycles = e1.cycles - e0.cycles;
const cpuPerCycleMs = (1000 * cpu) / Math.max(1, cycles);
const wallPerCycleMs = (1000 * (e1.seconds - e0.seconds)) / Math.max(1, cycles);

console.error('poll, evaluating every second…');
const everySecond = await poll(api, 'evaluating every 1 s', LOAD_S);
await api.stop();

console.error('poll, evaluating every 30 s (the default)…');
api = await start(30);
const every30 = await poll(api, 'evaluating every 30 s', Math.max(LOAD_S, 65));
await api.stop();

// The machine is shared: the same measurement again shows how much of a difference is noise.
console.error('poll, alerts off again…');
api = await start(0);
const offAgain = await poll(api, 'alerts off (again, last)', LOAD_S);
await api.cleanup();
rmSync(work, { recursive: true, force: true });

const fmt = (n: number | undefined, d = 1) => (n === undefined ? '–' : n.toFixed(d));
console.log(`\n## bench:freshness — ${JOBS} jobs, ${CLIENTS} clients, SQLite\n`);
console.log(`| evaluation | cycles | CPU ms / cycle | wall ms / cycle | % of a core at a 30 s cycle |`);
console.log(`|---|---|---|---|---|`);
console.log(
  `| idle API, every 1 s | ${cycles} | ${fmt(cpuPerCycleMs)} | ${fmt(wallPerCycleMs)} | ${fmt((100 * cpuPerCycleMs) / 30_000, 2)} % |`,
);
console.log(`\n| scheduler poll (8 connections) | req/s | p50 ms | p99 ms | p99 ratio to off | failures |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of [off, every30, everySecond, offAgain])
  console.log(
    `| ${r.name} | ${fmt(r.reqPerSec, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.p99 / off.p99, 2)} | ${r.failures} |`,
  );
