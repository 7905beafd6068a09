import { AgentError } from '../errors.js';
import { runExec } from '../exec-command.js';
import type { Logger } from '../logger.js';

/** One --pre-command/--post-command run, as recorded in the run's report (metadata-out). */
export interface HookRun {
  phase: 'pre' | 'post';
  command: string;
  exit_code: number;
  duration_s: number;
  /** The last 64 KiB of its output (stdout and stderr interleaved). */
  output_tail: string;
}

/** The hook's output goes to the log, not to stdout: stdout may carry --metadata-out -. */
export async function runHook(
  phase: 'pre' | 'post',
  command: string,
  log: Logger,
  env: Record<string, string>,
): Promise<HookRun> {
  const sink = {
    write(chunk: Uint8Array | string): void {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const line of text.split('\n')) if (line.trim()) log.info(`${phase}-command: ${line}`);
    },
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await runExec(command, log, sink, sink);
    return {
      phase,
      command,
      exit_code: result.exitCode,
      duration_s: (result.timeEnded - result.timeStarted) / 1000,
      output_tail: result.outputTail,
    };
  } catch (err) {
    throw new AgentError(`--${phase}-command: ${(err as Error).message}`);
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}
