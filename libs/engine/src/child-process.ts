import { spawn, type ChildProcess } from 'node:child_process';
import { AgentError } from './errors.js';

export interface Finished {
  code: number;
  stderr: string;
}

/** Resolves when the child exits; keeps the tail of its stderr for the error message. */
export function finished(child: ChildProcess, what: string): Promise<Finished> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new AgentError(
          err.code === 'ENOENT'
            ? `${what}: program not found (apt-get install -y tar)`
            : `${what}: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}

export function spawnTool(
  command: string,
  args: string[],
  options: { cwd?: string; stdin: 'pipe' | 'ignore'; stdout: 'pipe' | 'ignore' },
): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, stdio: [options.stdin, options.stdout, 'pipe'] });
  // Node discards the unread output of an exited child whose stdout has no listener (flushStdio); a
  // 'readable' listener marks it as ours, and our consumer may start reading only later.
  child.stdout?.on('readable', () => undefined);
  return child;
}
