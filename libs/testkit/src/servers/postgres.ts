// A real Debian PostgreSQL for tests: recipes/postgres-start.sh and postgres-stop.sh are the recipe, this file
// only calls them. One private cluster per test run; each test API gets its own fresh database.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../ports.js';
import { RECIPES } from '../repo.js';

const run = promisify(execFile);

export interface PostgresServer {
  /** DATABASE_URL of the `freezer` database (role freezer, may create databases). */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const hasServer = ['15', '16', '17'].some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  if (!hasServer) throw new Error('PostgreSQL server is missing: apt-get install -y postgresql');
  const dir = await mkdtemp(join(tmpdir(), 'fz-pg-'));
  const port = await freePort();
  const { stdout } = await run(join(RECIPES, 'postgres-start.sh'), [dir, String(port)]);
  const url = stdout.trim().split('\n').pop() ?? '';
  return {
    url,
    port,
    dir,
    async stop() {
      await run(join(RECIPES, 'postgres-stop.sh'), [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server of `url` and returns its URL. */
export async function createDatabase(url: string, prefix = 'fz'): Promise<string> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
