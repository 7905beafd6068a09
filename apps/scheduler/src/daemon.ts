import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readPid(pidFile: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live daemon recorded in the pid file, or null (a stale file is removed). */
export function runningPid(pidFile: string): number | null {
  const pid = readPid(pidFile);
  if (pid !== null && isAlive(pid)) return pid;
  if (existsSync(pidFile)) unlinkSync(pidFile);
  return null;
}

export function writePidFile(pidFile: string, pid = process.pid): void {
  mkdirSync(dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, `${pid}\n`);
}

export function removePidFile(pidFile: string): void {
  if (readPid(pidFile) === process.pid) unlinkSync(pidFile);
}

/**
 * Daemonizes by re-spawning this program detached (own session, no terminal) with `--no-daemon`, stdout and
 * stderr appended to the log file. Returns the child's pid once it has written its pid file.
 */
export async function spawnDaemon(argv: string[], pidFile: string, logFile: string): Promise<number> {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, ...argv, '--no-daemon'], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('cannot spawn the daemon process');
  child.unref();
  for (let i = 0; i < 100; i++) {
    if (readPid(pidFile) === pid) return pid;
    if (!isAlive(pid)) throw new Error(`the daemon exited at start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return pid;
}

/** SIGTERM, then wait up to `timeoutMs` for the process to go. */
export async function stopPid(pid: number, timeoutMs = 30_000): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return true;
  }
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}
