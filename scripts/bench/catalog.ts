// File catalog benchmark (issue 14): a 1,000,000-entry upload, its storage per entry, listing a
// 10,000-entry folder at each point of a 5-level chain, and searching 100 points × 100,000 entries,
// with the API's resident memory sampled throughout — on SQLite and on PostgreSQL.
// Usage: npm run bench:catalog -- [--db sqlite,postgres] [--no-build]
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type ApiProcess, createDatabase, startApi, startPostgres } from '@freezer/testkit';
import { cpuSeconds, rssMB } from './lib/process-cpu.js';
import {
  HUNDRED_K,
  MILLION,
  entryCount,
  fullTree,
  header,
  increment,
  ndjsonPieces,
} from './lib/catalog-dataset.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PROJECT = 'bench';
const DAY = 86_400;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function options() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite,postgres' },
      'no-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const dbs = (values.db ?? '').split(',').filter(Boolean);
  for (const d of dbs) {
    if (d !== 'sqlite' && d !== 'postgres') {
      console.error(`bench:catalog: --db takes sqlite and/or postgres, not "${d}"`);
      process.exit(2);
    }
  }
  return {
    dbs: dbs as ('sqlite' | 'postgres')[],
    build: !values['no-build'],
    // A directory for the API's V8 CPU profiles (written when it stops).
    cpuProf: values['cpu-prof'],
  };
}

/** Samples the API's RSS until stopped; returns the peak in MB. */
function rssSampler(pid: number): () => number {
  let peak = rssMB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMB(pid));
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMB(pid));
  };
}

async function call(api: ApiProcess, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** PUTs NDJSON pieces as a chunked body, with backpressure. */
function putNdjson(api: ApiProcess, path: string, pieces: AsyncIterable<string>): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(
      `${api.url}${path}`,
      { method: 'PUT', headers: { 'content-type': 'application/x-ndjson' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300
            ? done(text)
            : fail(new Error(`PUT ${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', fail);
    void (async () => {
      for await (const piece of pieces) {
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(fail);
  });
}

async function postBackup(
  api: ApiProcess,
  host: string,
  name: string,
  level: number,
  ts: number,
): Promise<string> {
  const res = (await call(api, 'POST', `/v2/${PROJECT}/backups`, {
    container: '/repo',
    hostname: host,
    backup_name: name,
    level,
    curr_backup_level: level,
    time_stamp: ts,
    backup_uuid: `${host}_${name}/${ts}`,
  })) as { backup_id: string };
  return res.backup_id;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

interface DbRun {
  db: string;
  storageBytes: () => Promise<number>;
  api: ApiProcess;
  close(): Promise<void>;
}

function apiOptions(dir: string, db: string, cpuProf: string | undefined) {
  return {
    db,
    logFile: join(dir, 'api.log'),
    ...(cpuProf ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProf)}`] } : {}),
  };
}

async function openSqlite(dir: string, cpuProf: string | undefined): Promise<DbRun> {
  const dbPath = join(dir, 'catalog.sqlite');
  const api = await startApi(apiOptions(dir, dbPath, cpuProf));
  return {
    db: 'SQLite',
    api,
    storageBytes: async () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        const row = db.prepare("SELECT SUM(pgsize) AS s FROM dbstat WHERE name LIKE 'catalog%'").get() as {
          s: number;
        };
        return row.s;
      } finally {
        db.close();
      }
    },
    close: () => api.stop(),
  };
}

async function openPostgres(dir: string, cpuProf: string | undefined): Promise<DbRun> {
  const server = await startPostgres();
  const url = await createDatabase(server.url, 'catbench');
  const api = await startApi(apiOptions(dir, url, cpuProf));
  return {
    db: 'PostgreSQL',
    api,
    storageBytes: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const r = await client.query(
          "SELECT SUM(pg_total_relation_size(t))::bigint AS s FROM unnest(ARRAY['catalog_points','catalog_dirs','catalog_chunks']) AS t",
        );
        return Number(r.rows[0].s);
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await api.stop();
      await server.stop();
    },
  };
}

type Row = [string, string];

async function benchOne(run: DbRun): Promise<Row[]> {
  const { api } = run;
  const rows: Row[] = [];
  const pid = api.pid;
  const idle = rssMB(pid);
  rows.push(['API RSS at start', `${idle.toFixed(0)} MB`]);

  // 1. A 5-level chain whose level 0 has a million entries.
  const times = [
    1_800_000_000,
    1_800_000_000 + DAY,
    1_800_000_000 + 2 * DAY,
    1_800_000_000 + 3 * DAY,
    1_800_000_000 + 4 * DAY,
  ];
  const ids: string[] = [];
  for (let level = 0; level < 5; level++)
    ids.push(await postBackup(api, 'bighost', 'big', level, times[level] ?? 0));
  const entries = entryCount(MILLION);
  log(`${run.db}: uploading ${entries} entries…`);
  const before = await run.storageBytes();
  let stop = rssSampler(pid);
  let cpu0 = cpuSeconds(pid);
  const [, uploadS] = await timed(() =>
    putNdjson(
      api,
      `/v2/${PROJECT}/backups/${ids[0]}/catalog`,
      ndjsonPieces(header('bighost', 'big', times, 0), fullTree(MILLION)),
    ),
  );
  const uploadRss = stop();
  const uploadCpu = cpuSeconds(pid) - cpu0;
  const bytes = (await run.storageBytes()) - before;
  rows.push([
    `upload ${entries.toLocaleString('en')} entries (level 0)`,
    `${uploadS.toFixed(2)} s (API CPU ${uploadCpu.toFixed(2)} s)`,
  ]);
  rows.push([
    'API storage per entry',
    `${(bytes / entries).toFixed(1)} bytes (${(bytes / 1e6).toFixed(1)} MB)`,
  ]);
  rows.push(['API peak RSS during the upload', `${uploadRss.toFixed(0)} MB`]);
  for (let level = 1; level < 5; level++) {
    await putNdjson(
      api,
      `/v2/${PROJECT}/backups/${ids[level]}/catalog`,
      ndjsonPieces(header('bighost', 'big', times, level), increment(MILLION, level, 10_000)),
    );
  }
  stop = rssSampler(pid);
  const listTimes: string[] = [];
  const listCpu: string[] = [];
  for (let level = 0; level < 5; level++) {
    const samples: number[] = [];
    cpu0 = cpuSeconds(pid);
    for (let i = 0; i < 3; i++) {
      const [res, s] = await timed(() =>
        call(api, 'GET', `/v2/${PROJECT}/backups/${ids[level]}/catalog?path=wide&limit=10000`),
      );
      const total = (res as { total: number }).total;
      if (total < 9_000) throw new Error(`level ${level}: wide/ has ${total} entries`);
      samples.push(s * 1000);
    }
    listCpu.push(`L${level} ${(((cpuSeconds(pid) - cpu0) / 3) * 1000).toFixed(0)}`);
    samples.sort((a, b) => a - b);
    listTimes.push(`L${level} ${samples[1]?.toFixed(0)}`);
  }
  rows.push(['list wide/ (10,000 entries, all in one page), median ms per level', listTimes.join(', ')]);
  rows.push(['  API CPU ms per listing (mean of 3)', listCpu.join(', ')]);
  rows.push(['API peak RSS while listing', `${stop().toFixed(0)} MB`]);

  // 2. 100 points (2 clients × 10 chains × 5 levels), each point ~100,000 entries.
  log(`${run.db}: uploading 100 points of ~100,000 entries…`);
  const perPoint = entryCount(HUNDRED_K);
  let records = 0;
  stop = rssSampler(pid);
  const [, manyS] = await timed(async () => {
    for (const host of ['alpha', 'beta']) {
      for (let chain = 0; chain < 10; chain++) {
        const t0 = 1_810_000_000 + chain * 10 * DAY;
        const ts = [0, 1, 2, 3, 4].map((l) => t0 + l * DAY);
        for (let level = 0; level < 5; level++) {
          const id = await postBackup(api, host, 'home', level, ts[level] ?? 0);
          const recs =
            level === 0 ? fullTree(HUNDRED_K, chain + 1, 100) : increment(HUNDRED_K, level + chain * 5, 1000);
          records += level === 0 ? perPoint : 1000;
          await putNdjson(
            api,
            `/v2/${PROJECT}/backups/${id}/catalog`,
            ndjsonPieces(header(host, 'home', ts, level), recs),
          );
        }
      }
    }
  });
  rows.push([
    `upload 100 points (${records.toLocaleString('en')} records)`,
    `${manyS.toFixed(1)} s, peak RSS ${stop().toFixed(0)} MB`,
  ]);
  rows.push(['API storage, everything', `${((await run.storageBytes()) / 1e6).toFixed(1)} MB`]);

  for (const [q, what] of [
    ['item-04242', 'a name in every point'],
    ['file-0123.md', 'a name in 100 folders of every point'],
    ['project-03/**/file-00[0-4]?.c', 'a glob on paths'],
    ['does-not-exist', 'no match'],
  ] as const) {
    stop = rssSampler(pid);
    const samples: number[] = [];
    let found = { total: 0, matches: [] as { versions: unknown[] }[] };
    cpu0 = cpuSeconds(pid);
    for (let i = 0; i < 3; i++) {
      const [res, s] = await timed(() =>
        call(api, 'GET', `/v2/${PROJECT}/catalog/search?q=${encodeURIComponent(q)}&limit=100`),
      );
      found = res as typeof found;
      samples.push(s * 1000);
    }
    const searchCpu = ((cpuSeconds(pid) - cpu0) / 3) * 1000;
    samples.sort((a, b) => a - b);
    const versions = found.matches.reduce((n, m) => n + m.versions.length, 0);
    rows.push([
      `search "${q}" (${what})`,
      `${samples[1]?.toFixed(0)} ms median (API CPU ${searchCpu.toFixed(0)} ms); ${found.total} files, ${versions} versions on page 1; peak RSS ${stop().toFixed(0)} MB`,
    ]);
  }
  return rows;
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.build) {
    log('bundling apps/api…');
    const r = spawnSync(process.execPath, ['../../scripts/build-app.mjs', 'src/main.ts', 'dist/main.js'], {
      cwd: join(ROOT, 'apps/api'),
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('apps/api did not build');
  }
  console.log(
    `machine: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  for (const db of opts.dbs) {
    const dir = mkdtempSync(join(tmpdir(), 'fz-catbench-'));
    const run = db === 'sqlite' ? await openSqlite(dir, opts.cpuProf) : await openPostgres(dir, opts.cpuProf);
    try {
      const rows = await benchOne(run);
      console.log(`\n### ${run.db}\n\n| measure | result |\n| --- | --- |`);
      for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
    } finally {
      await run.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench:catalog: ${(err as Error).message}`);
  process.exit(1);
});
