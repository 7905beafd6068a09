// The two server set-ups bench:replicas compares, both with authentication on: the production shape
// (two API replicas on one PostgreSQL behind nginx) and its peer (one API on SQLite, no proxy).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiProcess, createDatabase, startApi as startKitApi, startPostgres } from '@freezer/testkit';
import { type UpstreamStats, startNginx, upstreamStats } from './nginx-proxy.js';
import { CpuSampler, withChildren } from './process-cpu.js';

export interface Replica {
  name: string;
  url: string;
  address: string;
  pid: number;
  api: ApiProcess;
}

export interface Deployment {
  label: string;
  /** Where clients send requests: nginx, or the one API. */
  base: string;
  replicas: Replica[];
  /** CPU of the API processes, nginx and PostgreSQL, sampled during the run. */
  cpu: CpuSampler;
  /** Kills replica B with SIGKILL (two-replica set-up only). */
  killB?: () => void;
  /** Stops the proxy (flushing its log) and returns what it saw; two-replica set-up only. */
  stopProxy?: () => Promise<UpstreamStats>;
  stop(): Promise<void>;
}

const alive = (r: Replica) => r.api.alive();

async function startApi(opts: {
  name: string;
  db: string;
  work: string;
  adminPassword: string;
  extraArgs?: string[];
}): Promise<Replica> {
  const api = await startKitApi({
    db: opts.db,
    auth: true,
    args: ['--log-level', 'warn', ...(opts.extraArgs ?? [])],
    env: { FREEZER_ADMIN_PASSWORD: opts.adminPassword },
    logFile: join(opts.work, `api-${opts.name}.log`),
  });
  const r: Replica = { name: opts.name, url: api.url, address: `127.0.0.1:${api.port}`, pid: api.pid, api };
  return r;
}

/** Two `--auth --trust-proxy` replicas on a private PostgreSQL cluster, Debian nginx in front. */
export async function startReplicated(
  work: string,
  adminPassword: string,
  dbPool: number,
): Promise<Deployment> {
  const pg = await startPostgres();
  const db = await createDatabase(pg.url, 'bench');
  const postmaster = Number(readFileSync(join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  // Both start at once on the empty database: migrations and the first admin must not clash.
  const common = { db, work, adminPassword, extraArgs: ['--trust-proxy', '--db-pool', String(dbPool)] };
  const [a, b] = (await Promise.all([
    startApi({ ...common, name: 'A' }),
    startApi({ ...common, name: 'B' }),
  ])) as [Replica, Replica];
  const nginx = await startNginx(work, [a.address, b.address]);
  let proxyStopped = false;
  return {
    label: `2 replicas, PostgreSQL (pool ${dbPool}), nginx`,
    base: nginx.url,
    replicas: [a, b],
    cpu: new CpuSampler()
      .group('API', () => [a, b].filter(alive).map((r) => r.pid))
      .group('replica A', () => (alive(a) ? [a.pid] : []))
      .group('replica B', () => (alive(b) ? [b.pid] : []))
      .group('nginx', () => withChildren(nginx.pid))
      .group('database', () => withChildren(postmaster)),
    killB: () => void b.api.crash(),
    stopProxy: async () => {
      await nginx.stop();
      proxyStopped = true;
      return upstreamStats(nginx.accessLog);
    },
    async stop() {
      if (!proxyStopped) await nginx.stop();
      await a.api.stop();
      await b.api.stop();
      await pg.stop();
    },
  };
}

/** The peer: one `--auth` API on SQLite, clients talk to it directly. */
export async function startSingle(work: string, adminPassword: string): Promise<Deployment> {
  const api = await startApi({ name: 'single', db: join(work, 'single.sqlite'), work, adminPassword });
  return {
    label: '1 API, SQLite',
    base: api.url,
    replicas: [api],
    // SQLite runs inside the API process: its CPU is the API's.
    cpu: new CpuSampler().group('API', () => (alive(api) ? [api.pid] : [])),
    stop: () => api.api.stop(),
  };
}
