import { spawn, type ChildProcess } from 'node:child_process';
import { AgentError } from '../errors.js';

export interface ChildSpec {
  command: string;
  args: string[];
  /** Extra environment (passwords go here, never on the command line where `ps` shows them). */
  env?: Record<string, string>;
  /** Name for messages, e.g. "pg_dump". */
  what: string;
}

interface Exit {
  code: number;
  stderr: string;
}

function exited(child: ChildProcess, what: string): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new AgentError(`${what}: ${err.message}`)));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}

function failure(spec: ChildSpec, exit: Exit): AgentError {
  // pg_dump and friends explain over two or three lines ("connection ... failed: Connection refused",
  // "Is the server running ...?"): the last few lines, joined, are the message.
  const lines = exit.stderr
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines.slice(-3).join(' ').slice(-600);
  return new AgentError(`${spec.what} failed (exit ${exit.code})${last ? `: ${last}` : ''}`);
}

function start(spec: ChildSpec, stdin: 'pipe' | 'ignore', stdout: 'pipe' | 'ignore'): ChildProcess {
  return spawn(spec.command, spec.args, {
    stdio: [stdin, stdout, 'pipe'],
    env: { ...process.env, ...spec.env },
  });
}

export interface ChildOutput {
  stream: AsyncIterable<Uint8Array>;
  /** Kills the program if it still runs (a backup that failed elsewhere must not leave it blocked). */
  stop(): void;
}

/**
 * A dump program's stdout as an async iterable, read with backpressure (nothing lands in a temp file).
 * It throws at the end when the program exits non-zero, so a failed dump is never stored as a good one;
 * if the consumer stops early the program is killed. The program starts on the first read.
 */
export function childOutput(spec: ChildSpec): ChildOutput {
  let child: ChildProcess | undefined;
  async function* read(): AsyncGenerator<Uint8Array> {
    const running = (child = start(spec, 'ignore', 'pipe'));
    const done = exited(running, spec.what);
    let complete = false;
    try {
      for await (const chunk of running.stdout as AsyncIterable<Buffer>) yield chunk;
      complete = true;
    } finally {
      if (!complete && running.exitCode === null) running.kill('SIGKILL');
    }
    const exit = await done;
    if (exit.code !== 0) throw failure(spec, exit);
  }
  return {
    stream: read(),
    stop() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Feeds `data` to a restore program's stdin with backpressure; rejects with its last stderr line. */
export async function feedChild(spec: ChildSpec, data: AsyncIterable<Uint8Array>): Promise<number> {
  const child = start(spec, 'pipe', 'ignore');
  const done = exited(child, spec.what);
  const stdin = child.stdin;
  if (!stdin) throw new AgentError(`${spec.what}: no input stream`);
  let broken = false;
  stdin.on('error', () => (broken = true));
  let bytes = 0;
  try {
    for await (const chunk of data) {
      if (broken) break;
      bytes += chunk.length;
      if (!stdin.write(chunk)) await drained(stdin);
    }
    stdin.end();
  } catch (err) {
    child.kill('SIGKILL');
    await done.catch(() => undefined);
    throw err;
  }
  const exit = await done;
  if (exit.code !== 0) throw failure(spec, exit);
  return bytes;
}

function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const go = (): void => {
      stream.off('drain', go);
      stream.off('close', go);
      resolve();
    };
    stream.on('drain', go);
    stream.on('close', go);
  });
}

/** Runs a short command to completion, returning stdout; errors carry its last stderr line. */
export async function runCommand(spec: ChildSpec): Promise<string> {
  const child = start(spec, 'ignore', 'pipe');
  const done = exited(child, spec.what);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = await done;
  if (exit.code !== 0) throw failure(spec, exit);
  return out;
}
