import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable } from 'node:stream';
import { CodecError, type CodecErrorCode } from './errors.js';

/** Debian package that provides each CLI, for the "missing binary" message. */
const PACKAGE_OF: Record<string, string> = { bzip2: 'bzip2', xz: 'xz-utils', zstd: 'zstd' };

export type ToolRole = 'compress' | 'decompress';

function startTool(
  command: string,
  args: string[],
): { child: ChildProcessWithoutNullStreams; exited: Promise<void> } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  // EPIPE when the tool exits before reading everything: its exit status explains why.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        const pkg = PACKAGE_OF[command] ?? command;
        reject(new CodecError('tool', `${command} not found (install it: apt-get install -y ${pkg})`));
      } else {
        reject(new CodecError('tool', `${command}: ${err.message}`, { cause: err }));
      }
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const detail = stderr.trim().split('\n')[0] ?? '';
      reject(
        new CodecError(
          'tool',
          `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${detail}`,
        ),
      );
    });
  });
  exited.catch(() => undefined);
  return { child, exited };
}

/** Decompressor complaints are about the data, not the tool. */
function asDataError(err: unknown, role: ToolRole): unknown {
  if (role === 'compress' || !(err instanceof CodecError) || err.message.includes('not found')) return err;
  const code: CodecErrorCode = /unexpected end|ends unexpectedly|truncated|premature end/i.test(err.message)
    ? 'truncated'
    : 'corrupt';
  return new CodecError(code, err.message);
}

/** Run `command` on one in-memory block. */
export async function runToolOnBuffer(
  command: string,
  args: string[],
  input: Buffer,
  role: ToolRole,
): Promise<Buffer> {
  const { child, exited } = startTool(command, args);
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stdin.end(input);
  try {
    await exited;
  } catch (err) {
    throw asDataError(err, role);
  }
  return Buffer.concat(out);
}

/** Stream `input` through `command` (stdin → stdout) with backpressure both ways. */
export async function* pipeThroughTool(
  command: string,
  args: string[],
  input: AsyncIterable<Uint8Array>,
  role: ToolRole,
): AsyncGenerator<Buffer> {
  const { child, exited } = startTool(command, args);
  const source = Readable.from(input, { objectMode: false });
  let sourceError: unknown;
  source.on('error', (err) => {
    sourceError = err;
    child.kill('SIGKILL');
  });
  source.pipe(child.stdin);
  let finished = false;
  try {
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
      await exited;
    } catch (err) {
      if (sourceError !== undefined) throw sourceError;
      throw asDataError(err, role);
    }
    if (sourceError !== undefined) throw sourceError;
    finished = true;
  } finally {
    if (!finished) {
      source.destroy();
      child.kill('SIGKILL');
    }
  }
}
