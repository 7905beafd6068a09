import { spawn } from 'node:child_process';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';

const TAIL_CHARS = 64 * 1024;

/** One --pre-command/--post-command run, as recorded in the run's report (metadata-out `hooks`). */
export interface HookRun {
  phase: 'pre' | 'post';
  command: string;
  exit_code: number;
  duration_s: number;
  /** The last 64 KiB of its output (stdout and stderr interleaved). */
  output_tail: string;
}

/**
 * Runs a hook through /bin/sh -c with `env` added to the agent's environment. Its output goes to the
 * log, never to stdout: stdout may carry --metadata-out -. A hook that cannot be started at all is an
 * error; one that runs and exits non-zero is a result (the caller decides what it means).
 */
export function runHook(
  phase: 'pre' | 'post',
  command: string,
  log: Logger,
  env: Record<string, string>,
): Promise<HookRun> {
  const started = Date.now();
  log.info(`${phase}-command: /bin/sh -c ${JSON.stringify(command)}`);
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let tail = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-TAIL_CHARS);
      for (const line of text.split('\n')) if (line.trim()) log.info(`${phase}-command: ${line}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => reject(new AgentError(`--${phase}-command: ${err.message}`)));
    child.on('close', (code, signal) => {
      const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15);
      log.info(`${phase}-command: exit code ${exitCode}`);
      resolve({
        phase,
        command,
        exit_code: exitCode,
        duration_s: (Date.now() - started) / 1000,
        output_tail: tail,
      });
    });
  });
}
