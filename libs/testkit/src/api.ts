// Our freezer-api as a real process on a free loopback port: the one way tests, e2e and benchmarks
// start it. From the bundle (what a deployment runs) or from source through tsx (no build needed).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './binaries.js';
import { stopChild } from './pids.js';
import { freePort } from './ports.js';
import { REPO_ROOT } from './repo.js';

export interface StartApiOptions {
  /** `build` (default): apps/api/bin/freezer-api.js on the bundle; `source`: src/main.ts through tsx. */
  from?: 'build' | 'source';
  /** A SQLite file or a postgresql:// URL; default a fresh SQLite file in the server's own temp dir. */
  db?: string;
  /** --auth: users, tokens and projects (the first administrator comes from FREEZER_ADMIN_* in `env`). */
  auth?: boolean;
  /** More command-line options, after the kit's own (so they win: commander keeps the last). */
  args?: string[];
  env?: Record<string, string>;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Append stdout and stderr to this file, as in production, instead of keeping them in memory. */
  logFile?: string;
  /** With `from: 'build'`: build @freezer/api first if its bundle is missing. */
  buildIfMissing?: boolean;
  /** Another build of the same launcher (`from: 'build'` only). */
  bin?: string;
  /** How long to wait for /healthz. */
  timeoutMs?: number;
}

export interface ApiProcess {
  url: string;
  port: number;
  pid: number;
  /** The server's own temp dir, holding its database when no `db` was given. */
  dir: string | undefined;
  /** What the process wrote to stdout and stderr so far (JSON log lines). */
  output(): string;
  alive(): boolean;
  /** SIGTERM (SIGKILL after 10 s); the database and `dir` stay, for restart(). */
  stop(): Promise<void>;
  /** SIGKILL, as a crashed server: no graceful close of connections or the database. */
  crash(): Promise<void>;
  /** Starts it again on the same port and database (after stop() or crash()). */
  restart(): Promise<void>;
  /** stop() and remove `dir` (if the kit made one). */
  cleanup(): Promise<void>;
}

const API_DIR = join(REPO_ROOT, 'apps/api');

export async function startApi(opts: StartApiOptions = {}): Promise<ApiProcess> {
  const from = opts.from ?? 'build';
  if (from === 'build' && opts.buildIfMissing) ensureBuilt('@freezer/api', 'apps/api/dist/main.js');
  const dir = opts.db === undefined ? mkdtempSync(join(tmpdir(), 'freezer-api-')) : undefined;
  const db = opts.db ?? join(dir ?? '', 'freezer.sqlite');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const entry =
    from === 'source'
      ? ['--import', 'tsx', join(API_DIR, 'src/main.ts')]
      : [opts.bin ?? join(API_DIR, 'bin/freezer-api.js')];
  const args = [
    ...(opts.nodeArgs ?? []),
    ...entry,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--db',
    db,
    ...(opts.auth ? ['--auth'] : []),
    ...(opts.args ?? []),
  ];
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let out = '';
  let child: ChildProcess | undefined;

  const output = (): string => (opts.logFile ? readFileSync(opts.logFile, 'utf8') : out);
  const alive = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;

  const launch = async (): Promise<void> => {
    const fd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
    const c = spawn(process.execPath, args, {
      // tsx resolves from the api package; the bundle does not care where it runs
      cwd: from === 'source' ? API_DIR : (dir ?? tmpdir()),
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
    });
    if (fd !== undefined) closeSync(fd);
    c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child = c;
    const closed = once(c, 'close');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!alive()) {
        await closed; // every line it wrote is in `out`
        throw new Error(`freezer-api exited ${c.exitCode ?? c.signalCode}: ${output()}`);
      }
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stopChild(c, 'SIGKILL');
        throw new Error(`freezer-api did not answer /healthz within ${timeoutMs / 1000} s: ${output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const removeDir = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  await launch().catch((err: unknown) => {
    removeDir();
    throw err;
  });
  const api: ApiProcess = {
    url,
    port,
    pid: child?.pid ?? -1,
    dir,
    output,
    alive,
    stop: async () => {
      if (child) await stopChild(child);
    },
    crash: async () => {
      if (child) await stopChild(child, 'SIGKILL');
    },
    restart: async () => {
      await launch();
      api.pid = child?.pid ?? -1;
    },
    cleanup: async () => {
      await api.stop();
      removeDir();
    },
  };
  return api;
}
