// The agent process as a cloud user, for the tests of the OpenStack modes.
import { type Cloud, type CloudUser, waitFor } from '@freezer/testkit';
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let runs = 0;

export interface AgentResult {
  code: number;
  signal: NodeJS.Signals | null;
  out: string;
}

export interface AgentRun {
  child: ChildProcess;
  /** Exit code (1 when killed), the signal that ended it, and stdout + stderr + the log file. */
  done: Promise<AgentResult>;
}

export function startAgent(cloud: Cloud, user: CloudUser, work: string, args: string[]): AgentRun {
  const logFile = join(work, `agent-${++runs}.log`);
  let resolve: (r: AgentResult) => void = () => undefined;
  const done = new Promise<AgentResult>((r) => (resolve = r));
  const child = execFile(
    process.execPath,
    ['--import', TSX, MAIN, ...args, '--log-file', logFile],
    { env: { ...process.env, ...cloud.osEnv(user) }, timeout: 600_000 },
    (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const logged = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      resolve({ code, signal: err?.signal ?? null, out: stdout + stderr + logged });
    },
  );
  return { child, done };
}

export const runAgent = (cloud: Cloud, user: CloudUser, work: string, args: string[]) =>
  startAgent(cloud, user, work, args).done;

/** A backup naming a source nobody has: one line saying so, exit 1. */
export async function expectNoSuchName(
  cloud: Cloud,
  work: string,
  source: { mode: string; flag: string; what: string },
  storage: string[],
): Promise<void> {
  const name = `fz-none-${process.pid}`;
  const args = ['--action', 'backup', '--mode', source.mode, source.flag, name, ...storage];
  const r = await runAgent(cloud, cloud.demo, work, args);
  expect(r.code).toBe(1);
  expect(r.out).toContain(`no ${source.what} is named "${name}"`);
}

/** Starts the agent as demo, sends SIGTERM once `ready` holds, and returns how it ended (by the signal). */
export async function termWhen(
  cloud: Cloud,
  work: string,
  args: string[],
  what: string,
  ready: () => Promise<boolean>,
): Promise<AgentResult> {
  const run = startAgent(cloud, cloud.demo, work, args);
  await waitFor(what, ready, 300_000, 500);
  run.child.kill('SIGTERM');
  const ended = await run.done;
  expect(ended.signal).toBe('SIGTERM');
  return ended;
}
