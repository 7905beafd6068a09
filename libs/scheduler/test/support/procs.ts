import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt as buildIfMissing, REPO_ROOT as ROOT, stopPid } from '@freezer/testkit';
import { PROJECT, TOKEN } from './fixtures.js';

export const SCHEDULER_BIN = join(ROOT, 'apps/scheduler/bin/freezer-scheduler.js');
export const AGENT_BIN = join(ROOT, 'apps/agent/bin/freezer-agent.js');

/** The apps run from their bundles, like in production; build them once if a bundle is missing. */
export function ensureBuilt(): void {
  buildIfMissing('@freezer/scheduler-app', 'apps/scheduler/dist/main.js');
  buildIfMissing('@freezer/agent', 'apps/agent/dist/main.js');
}

export interface SchedulerProc {
  pid: number;
  stateDir: string;
  logFile: string;
  log(): string;
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** The arguments of a scheduler polling `apiUrl` every second as `client`, running jobs through the real agent. */
export function schedulerArgs(apiUrl: string, client: string, extra: string[] = []): string[] {
  return [
    '--api-url',
    apiUrl,
    '--project-id',
    PROJECT,
    '--token',
    TOKEN,
    '-c',
    client,
    '-i',
    '1',
    '--agent-path',
    AGENT_BIN,
    ...extra,
  ];
}

/** A real `freezer-scheduler --no-daemon start` process; stopped by PID. */
export function startScheduler(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stateDir?: string,
): SchedulerProc {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'sched-state-'));
  const logFile = join(dir, 'test-stderr.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [SCHEDULER_BIN, '--state-dir', dir, ...args, '--no-daemon', 'start'],
    {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env },
    },
  );
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    pid: child.pid ?? -1,
    stateDir: dir,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    stop: () => stopPid(child.pid ?? -1),
    exited,
  };
}

/** Runs the CLI to completion. */
export function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCHEDULER_BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
