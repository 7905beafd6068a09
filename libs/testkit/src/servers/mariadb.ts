// A real Debian MariaDB for tests: a private data directory in a temp dir, TCP on 127.0.0.1:<free
// port>, its socket in the temp dir, run as root (--user=root), stopped by PID. One per test file.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopChild } from '../pids.js';
import { freePort } from '../ports.js';

const run = promisify(execFile);
const MISSING =
  'MariaDB is missing: apt-get install -y --no-install-recommends mariadb-server mariadb-client';

export interface MariaServer {
  port: number;
  socket: string;
  datadir: string;
  /** The TCP account the agent uses (all privileges): user freezer, password `secret`. */
  user: string;
  password: string;
  /** Runs SQL as root over the socket; returns tab-separated rows without headers. */
  sql(statements: string): Promise<string>;
  stop(): Promise<void>;
}

/** Small and quick: the tests copy and archive the whole data directory. */
const SERVER_ARGS = [
  '--skip-name-resolve',
  '--bind-address=127.0.0.1',
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=8M',
  '--skip-log-bin',
  '--user=root',
];

/** Creates a fresh data directory (mariadb-install-db) and starts a server on it. */
export async function startMariadb(): Promise<MariaServer & { dir: string }> {
  if (!existsSync('/usr/sbin/mariadbd') || !existsSync('/usr/bin/mariadb-install-db'))
    throw new Error(MISSING);
  const dir = await mkdtemp(join(tmpdir(), 'fz-maria-'));
  const datadir = join(dir, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    '--skip-test-db',
    '--auth-root-authentication-method=socket',
  ]).catch((err: Error & { stderr?: string }) => {
    throw new Error(`mariadb-install-db failed: ${err.stderr ?? err.message}`);
  });
  const server = await startMariadbOn(datadir, dir);
  await server.sql(
    "CREATE USER 'freezer'@'127.0.0.1' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO 'freezer'@'127.0.0.1';",
  );
  const stop = server.stop;
  return {
    ...server,
    dir,
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts mariadbd on an existing data directory (e.g. one a restore just wrote); `dir` holds its socket. */
export async function startMariadbOn(datadir: string, dir: string): Promise<MariaServer> {
  const port = await freePort();
  const socket = join(dir, `mysqld-${port}.sock`);
  const errLog = join(dir, `mysqld-${port}.err`);
  const child: ChildProcess = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--port=${port}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, `mysqld-${port}.pid`)}`,
      `--log-error=${errLog}`,
      ...SERVER_ARGS,
    ],
    { stdio: 'ignore' },
  );
  const sql = async (statements: string): Promise<string> => {
    const { stdout } = await run('mariadb', [
      '--no-defaults',
      `--socket=${socket}`,
      '-uroot',
      '-N',
      '-B',
      '-e',
      statements,
    ]);
    return stdout.trim();
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      const log = await readFile(errLog, 'utf8').catch(() => '');
      throw new Error(`mariadbd exited at start: ${log.trim().split('\n').slice(-5).join(' | ')}`);
    }
    if (
      await sql('SELECT 1').then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 300) {
      child.kill('SIGKILL');
      throw new Error('mariadbd did not accept connections in 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    socket,
    datadir,
    user: 'freezer',
    password: 'secret',
    sql,
    stop: () => stopChild(child),
  };
}
