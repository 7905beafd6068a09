import { type ChildProcess, spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { freePort } from '../../testenv/free-port.js';

export { freePort };

export async function waitForHttp(url: string, isAlive: () => boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process exited before ${url} answered`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timeout waiting for ${url}`);
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User+system CPU seconds of a process so far, from /proc/<pid>/stat (fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in MB, from /proc/<pid>/status. */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

export async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface OurApi {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Our built API as its own process (`node apps/api/bin/freezer-api.js`) with its default log level.
 * Its log goes to a file, as in production, so the benchmark pays the real logging cost.
 */
export async function startOurApi(opts: {
  repoRoot: string;
  dbPath: string;
  logPath: string;
  nodeArgs?: string[];
}): Promise<OurApi> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), 'apps/api/bin/freezer-api.js', '--port', String(port), '--db', opts.dbPath],
    { cwd: opts.repoRoot, stdio: ['ignore', openSync(opts.logPath, 'a'), 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthcheck`, () => child.exitCode === null && child.signalCode === null);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`our API did not start: ${(err as Error).message}\n${stderr}`);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('our API has no pid');
  return { url, pid, child, stop: () => stopPid(pid) };
}
