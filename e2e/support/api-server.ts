import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startApi } from '@freezer/testkit';

const WEB_ROOT = join(REPO_ROOT, 'apps/web/dist');

export interface ApiServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
  /** Stops the process, keeping its database and port for restart(). */
  halt: () => Promise<void>;
  /** Starts it again on the same port and database. */
  restart: () => Promise<void>;
}

export interface ApiOptions {
  /** Extra command-line options, e.g. ['--auth']. */
  args?: string[];
  /** Extra environment, e.g. FREEZER_ADMIN_PASSWORD for the first administrator. */
  env?: Record<string, string>;
}

/** Starts the real built API (which serves the built web UI) on a free loopback port with a fresh SQLite file. */
export async function startWebApi(options: ApiOptions = {}): Promise<ApiServer> {
  if (!existsSync(join(WEB_ROOT, 'index.html')))
    throw new Error('apps/web/dist is missing: run `npx turbo run build --filter=@freezer/web`');
  const api = await startApi({
    // FREEZER_API_BIN lets a developer point the specs at another build of the same server.
    ...(process.env.FREEZER_API_BIN ? { bin: process.env.FREEZER_API_BIN } : {}),
    args: options.args ?? [],
    env: { NODE_ENV: 'production', FREEZER_WEB_ROOT: WEB_ROOT, ...options.env },
    timeoutMs: 30_000,
  });
  return { url: api.url, pid: api.pid, stop: api.cleanup, halt: api.stop, restart: api.restart };
}
