// The agent process as a cloud user, for the tests of the OpenStack modes.
import type { Cloud, CloudUser } from '@freezer/testkit';
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
