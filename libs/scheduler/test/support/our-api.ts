import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpOk, waitFor } from './net.js';
import { ROOT } from './procs.js';
import { stopPid, type RunningServer } from './stock-api.js';

const API_BIN = join(ROOT, 'apps/api/bin/freezer-api.js');

/** Our freezer-api on a free loopback port with its own SQLite file (restartable on the same file). */
export async function startOurApi(): Promise<RunningServer> {
  if (!existsSync(join(ROOT, 'apps/api/dist/main.js'))) {
    const r = spawnSync('npm', ['run', 'build', '-w', '@freezer/api'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build of @freezer/api failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'our-freezer-api-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<number> => {
    const out = openSync(join(dir, 'api.log'), 'a');
    const child = spawn(
      process.execPath,
      [
        API_BIN,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--db',
        join(dir, 'freezer.sqlite'),
        '--log-level',
        'warn',
      ],
      { cwd: dir, stdio: ['ignore', out, out] },
    );
    await waitFor('freezer-api', () => httpOk(`${url}/v2/`), 60_000);
    return child.pid ?? -1;
  };
  const server: RunningServer = {
    url,
    dir,
    pid: await launch(),
    stop: () => stopPid(server.pid),
    restart: async () => {
      server.pid = await launch();
    },
  };
  return server;
}
