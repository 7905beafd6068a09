import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/testenv/free-port';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// FREEZER_API_BIN lets a developer point the specs at another build of the same server.
const API_BIN = process.env.FREEZER_API_BIN ?? join(REPO, 'apps/api/bin/freezer-api.js');
const WEB_ROOT = join(REPO, 'apps/web/dist');
const WEB_INDEX = join(WEB_ROOT, 'index.html');

export interface ApiServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`freezer-api exited with ${child.exitCode}: ${logs()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`freezer-api did not answer /healthz within 30 s: ${logs()}`);
}

export interface ApiOptions {
  /** Extra command-line options, e.g. ['--auth']. */
  args?: string[];
  /** Extra environment, e.g. FREEZER_ADMIN_PASSWORD for the first administrator. */
  env?: Record<string, string>;
}

/** Starts the real built API (which serves the built web UI) on a free loopback port with a fresh SQLite file. */
export async function startApi(options: ApiOptions = {}): Promise<ApiServer> {
  if (!existsSync(WEB_INDEX))
    throw new Error('apps/web/dist is missing: run `npx turbo run build --filter=@freezer/web`');
  const dir = mkdtempSync(join(tmpdir(), 'freezer-e2e-'));
  const port = await freePort();
  const args = [API_BIN, '--port', String(port), '--db', join(dir, 'api.sqlite'), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production', FREEZER_WEB_ROOT: WEB_ROOT, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, () => out);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid ?? -1, stop };
}
