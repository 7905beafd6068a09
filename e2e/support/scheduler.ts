import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT as REPO, stopChild } from '@freezer/testkit';

const SCHEDULER_BIN = join(REPO, 'apps/scheduler/bin/freezer-scheduler.js');
const AGENT_BIN = join(REPO, 'apps/agent/bin/freezer-agent.js');

export interface SchedulerProcess {
  pid: number;
  log: () => string;
  stop: () => Promise<void>;
}

/** Runs the real freezer-scheduler in the foreground against the API, polling every second. */
export function startScheduler(apiUrl: string, clientId: string, stateDir: string): SchedulerProcess {
  for (const f of ['apps/scheduler/dist/main.js', 'apps/agent/dist/main.js']) {
    if (!existsSync(join(REPO, f))) throw new Error(`${f} is missing: run \`npx turbo run build\` first`);
  }
  const child = spawn(
    process.execPath,
    [
      SCHEDULER_BIN,
      '--no-daemon',
      '--api-url',
      apiUrl,
      '--project-id',
      'default',
      '--client-id',
      clientId,
      '--interval',
      '1',
      '--state-dir',
      stateDir,
      '--agent-path',
      AGENT_BIN,
      'start',
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    pid: child.pid ?? -1,
    log: () => out,
    stop: () => stopChild(child, 'SIGTERM', 5000),
  };
}
