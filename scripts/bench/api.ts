// API benchmark (issue 2): our built API vs the stock Debian freezer-api on the scheduler's hot path.
// Usage: npm run bench:api -- [--duration 10] [--connections 10] [--compare-connections 4] [--no-stock] [--no-build] [--cpu-prof DIR]
//        npm run bench:api -- --before <other build's apps/api/bin/freezer-api.js> [--pg]: that build vs this one
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type LoadOptions,
  type LoadResult,
  backupRequest,
  eventRequest,
  pollRequest,
  pollSequence,
  runLoad,
} from './lib/api-load.js';
import { type ApiProcess, startApi } from '@freezer/testkit';
import { rssMB } from './lib/process-cpu.js';
import { type SeedPlan, seedOverHttp } from './lib/api-seed.js';
import { type StockApi, startStockApi } from './lib/api-stock.js';
import { printTable } from './lib/api-report.js';
import { closedLoop } from './lib/closed-loop.js';
import { compareBuilds } from './lib/api-compare.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const LARGE: SeedPlan = { clients: 1000, jobs: 10_000 };
const SMALL: SeedPlan = { clients: 100, jobs: 1000 };
const PROJECT = 'bench';
const WARMUP_S = 2;

function usage(message: string): never {
  console.error(`bench:api: ${message}`);
  console.error(
    'usage: npm run bench:api -- [--duration S] [--connections N] [--compare-connections N] [--no-stock] [--no-build] [--cpu-prof DIR]',
  );
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        'compare-connections': { type: 'string', default: '4' },
        'no-stock': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        'cpu-prof': { type: 'string' },
        before: { type: 'string' },
        pg: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  const duration = Number(parsed.duration);
  const connections = Number(parsed.connections);
  const compareConnections = Number(parsed['compare-connections']);
  if (!Number.isInteger(duration) || duration < 1 || duration > 120)
    usage('--duration must be 1..120 seconds');
  if (!Number.isInteger(compareConnections) || compareConnections < 1 || compareConnections > 100)
    usage('--compare-connections must be 1..100');
  if (!Number.isInteger(connections) || connections < 1 || connections > 500)
    usage('--connections must be 1..500');
  return {
    duration,
    connections,
    compareConnections,
    stock: !parsed['no-stock'],
    build: !parsed['no-build'],
    cpuProf: parsed['cpu-prof'],
    before: parsed.before,
    pg: parsed.pg,
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function build(): void {
  log('building @freezer/api (turbo, cached)…');
  const r = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@freezer/api', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status})`);
}

async function withOurApi<T>(
  dir: string,
  name: string,
  cpuProf: string | undefined,
  fn: (api: ApiProcess) => Promise<T>,
): Promise<T> {
  // Its log goes to a file, as in production, so the benchmark pays the real logging cost.
  const api = await startApi({
    db: join(dir, `${name}.sqlite`),
    logFile: join(dir, `${name}.log`),
    nodeArgs: cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProf)}`] : [],
  });
  try {
    return await fn(api);
  } finally {
    await api.stop();
  }
}

async function seed(base: string, plan: SeedPlan, concurrency: number, label: string): Promise<string[]> {
  const t0 = Date.now();
  const ids = await seedOverHttp(base, plan, concurrency);
  const s = (Date.now() - t0) / 1000;
  log(
    `${label}: seeded ${plan.clients} clients + ${plan.jobs} jobs over HTTP in ${s.toFixed(1)} s (${((plan.clients + plan.jobs) / s).toFixed(0)} creates/s)`,
  );
  return ids;
}

async function measure(
  label: string,
  make: () => Parameters<typeof runLoad>[1],
  opts: LoadOptions,
): Promise<LoadResult> {
  await runLoad('warmup', make(), { ...opts, duration: WARMUP_S, serverPid: undefined });
  const r = await runLoad(label, make(), opts);
  log(`${label}: ${r.reqPerSec.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, failures ${r.failures}`);
  return r;
}

async function main(): Promise<void> {
  const opt = options();
  if (opt.build) build();
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  if (opt.before) {
    try {
      const rows = await compareBuilds({
        beforeBin: resolve(opt.before),
        postgres: opt.pg,
        connections: opt.connections,
        duration: opt.duration,
        dir,
        log,
      });
      printTable({
        results: rows,
        connections: opt.connections,
        compareConnections: opt.compareConnections,
        duration: opt.duration,
        ourRssMB: 0,
        machine: `${cpus().length} cores, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      });
      if (rows.some((r) => r.failures > 0)) process.exit(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const results: LoadResult[] = [];
  let stockPoll: LoadResult | undefined;
  let oursSmallPoll: LoadResult | undefined;
  const load0 = loadavg();
  const lo = (url: string, pid: number): LoadOptions => ({
    url,
    connections: opt.connections,
    duration: opt.duration,
    serverPid: pid,
  });
  let rss = 0;
  try {
    await withOurApi(dir, 'large', opt.cpuProf, async (api) => {
      const base = `${api.url}/v2/${PROJECT}`;
      const jobIds = await seed(base, LARGE, 8, 'ours');
      const o = lo(api.url, api.pid);
      results.push(
        await measure(
          `ours 10k/1k: poll GET jobs (client's, not completed)`,
          () => pollRequest(`/v2/${PROJECT}`, LARGE.clients),
          o,
        ),
      );
      results.push(
        await measure(
          'ours 10k/1k: POST job event start/stop',
          () => eventRequest(`/v2/${PROJECT}`, jobIds),
          o,
        ),
      );
      results.push(
        await measure('ours 10k/1k: POST backup metadata', () => backupRequest(`/v2/${PROJECT}`), o),
      );
      rss = rssMB(api.pid);
    });
    if (opt.stock) {
      // Same poll, same client for both servers: a fresh connection per request (see closed-loop.ts).
      const compare = async (label: string, url: string, pid: number, prefix: string) => {
        const next = pollSequence(prefix, SMALL.clients);
        const o = { url, connections: opt.compareConnections, duration: opt.duration, serverPid: pid };
        await closedLoop('warmup', next, { ...o, duration: WARMUP_S, serverPid: undefined });
        const r = await closedLoop(label, next, o);
        log(
          `${label}: ${r.reqPerSec.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, failures ${r.failures}`,
        );
        return r;
      };
      await withOurApi(dir, 'small', undefined, async (api) => {
        await seed(`${api.url}/v2/${PROJECT}`, SMALL, 8, 'ours (small)');
        results.push(
          await measure(
            'ours 1k/100: poll (keep-alive)',
            () => pollRequest(`/v2/${PROJECT}`, SMALL.clients),
            lo(api.url, api.pid),
          ),
        );
        oursSmallPoll = await compare(
          'ours 1k/100: poll, new connection each',
          api.url,
          api.pid,
          `/v2/${PROJECT}`,
        );
      });
      let stock: StockApi | undefined;
      try {
        log('starting the stock freezer-api (ref-api-start.sh)…');
        stock = await startStockApi();
        await seed(`${stock.url}/v2/${stock.project}`, SMALL, 4, 'stock');
        stockPoll = await compare(
          'stock 1k/100: poll, new connection each',
          stock.url,
          stock.pid,
          `/v2/${stock.project}`,
        );
      } finally {
        stock?.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable({
    results,
    oursSmallPoll,
    stockPoll,
    connections: opt.connections,
    compareConnections: opt.compareConnections,
    duration: opt.duration,
    ourRssMB: rss,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; the load generator runs in this process on the same cores`,
  });
  const failed = [...results, oursSmallPoll, stockPoll].some((r) => r !== undefined && r.failures > 0);
  if (failed) {
    console.error(
      'bench:api: some requests failed (non-2xx or socket errors): the figures above do not count',
    );
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(`bench:api: ${(err as Error).message}`);
  process.exit(1);
});
