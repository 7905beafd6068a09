// Before/after comparison of two builds of our API on the scheduler's poll and a large list, on
// SQLite and (optionally) PostgreSQL, one after the other in one run ("after" always second; see
// docs/benchmarks.md for what that order does to the figures on a shared machine).
import { join } from 'node:path';
import { type ApiProcess, createDatabase, startApi, startPostgres } from '@freezer/testkit';
import { type LoadOptions, type LoadResult, pollRequest, runLoad } from './api-load.js';
import { type SeedPlan, seedOverHttp } from './api-seed.js';

const PLAN: SeedPlan = { clients: 100, jobs: 1000 };
const PROJECT = 'bench';

export interface CompareOptions {
  /** Launcher of the "before" build (e.g. a checkout of main: apps/api/bin/freezer-api.js). */
  beforeBin: string;
  postgres: boolean;
  connections: number;
  duration: number;
  dir: string;
  log: (line: string) => void;
}

/** What a dashboard reads: 200 jobs in one reply, from a browser that accepts brotli. */
function listRequest(prefix: string) {
  return {
    method: 'GET' as const,
    path: `${prefix}/jobs?limit=200`,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  };
}

async function measureBuild(
  label: string,
  bin: string | undefined,
  db: string,
  o: CompareOptions,
): Promise<LoadResult[]> {
  const api: ApiProcess = await startApi({
    ...(bin ? { bin } : {}),
    db,
    logFile: join(o.dir, `${label}.log`),
  });
  try {
    const prefix = `/v2/${PROJECT}`;
    await seedOverHttp(`${api.url}${prefix}`, PLAN, 8);
    const lo: LoadOptions = {
      url: api.url,
      connections: o.connections,
      duration: o.duration,
      serverPid: api.pid,
    };
    const out: LoadResult[] = [];
    for (const [name, make] of [
      ['poll', () => pollRequest(prefix, PLAN.clients)],
      ['list 200 jobs', () => listRequest(prefix)],
    ] as const) {
      await runLoad('warmup', make(), { ...lo, duration: 2, serverPid: undefined });
      const r = await runLoad(`${label}: ${name}`, make(), lo);
      o.log(
        `${r.name}: ${r.reqPerSec.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.cpuMsPerReq?.toFixed(3)} CPU ms/req`,
      );
      out.push(r);
    }
    return out;
  } finally {
    await api.stop();
  }
}

export async function compareBuilds(o: CompareOptions): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  let n = 0;
  results.push(...(await measureBuild('sqlite before', o.beforeBin, join(o.dir, `b${n++}.sqlite`), o)));
  results.push(...(await measureBuild('sqlite after', undefined, join(o.dir, `a${n++}.sqlite`), o)));
  if (o.postgres) {
    const pg = await startPostgres();
    try {
      results.push(...(await measureBuild('postgres before', o.beforeBin, await createDatabase(pg.url), o)));
      results.push(...(await measureBuild('postgres after', undefined, await createDatabase(pg.url), o)));
    } finally {
      await pg.stop();
    }
  }
  return results;
}
