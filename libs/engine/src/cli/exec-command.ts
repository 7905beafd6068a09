import { spawn } from 'node:child_process';
import type { Logger } from '../logger.js';

const TAIL_CHARS = 64 * 1024;

export interface ExecResult {
  exitCode: number;
  signal?: string;
  /** The last 64 KiB of what the command printed (stdout and stderr interleaved). */
  outputTail: string;
  timeStarted: number;
  timeEnded: number;
}

export interface OutputSink {
  write(chunk: Uint8Array | string): unknown;
}

/**
 * Runs `--command` through /bin/sh -c, so quoting, pipes and redirections mean what they mean in a shell
 * (the stock agent splits on '|' and single spaces instead). Output is passed through as it comes and
 * logged; the command's exit code is returned (128+N when killed by signal N, like a shell).
 */
export function runExec(
  command: string,
  log: Logger,
  stdout: OutputSink,
  stderr: OutputSink,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const timeStarted = Date.now();
  log.info(`exec: /bin/sh -c ${JSON.stringify(command)}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.env ? { env: opts.env } : {}),
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            log.warn(`exec: still running after ${opts.timeoutMs} ms, killed`);
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    let tail = '';
    const relay = (sink: OutputSink, label: string) => (chunk: Buffer) => {
      sink.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) log.debug(`exec ${label}: ${line}`);
    };
    child.stdout.on('data', relay(stdout, 'stdout'));
    child.stderr.on('data', relay(stderr, 'stderr'));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const signalNumber = signal ? signalNumberOf(signal) : 0;
      const exitCode = code ?? 128 + signalNumber;
      log.info(`exec: exit code ${exitCode}${signal ? ` (signal ${signal})` : ''}`);
      resolvePromise({
        exitCode,
        signal: signal ?? undefined,
        outputTail: tail,
        timeStarted,
        timeEnded: Date.now(),
      });
    });
  });
}

function signalNumberOf(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGTERM: 15,
    SIGPIPE: 13,
  };
  return numbers[signal] ?? 1;
}
