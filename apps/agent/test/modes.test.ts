// The real agent process with the application-consistent options: an abort (SIGTERM, as the scheduler
// sends it) in the middle of a backup from an LVM snapshot still unmounts and removes the snapshot,
// and --max-priority reaches what the agent runs (the hooks see nice -20).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The LVM stand-ins come from the test kit (device-mapper is not available here).
import { mountPointOf } from '@freezer/engine';
import { makeFakeLvm, waitFor } from '@freezer/testkit';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): { pid: number; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid as number, done };
}

let work: string;
let src: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fz-agent-modes-'));
  src = join(work, 'data');
  mkdirSync(src);
  // Incompressible, so the throttled upload takes seconds and the abort lands mid-backup.
  writeFileSync(join(src, 'big.bin'), randomBytes(3 * 1024 * 1024));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('freezer-agent process, modes', () => {
  it('SIGTERM during a backup from an LVM snapshot unmounts and removes the snapshot', async () => {
    const lvm = makeFakeLvm(work, { source: src, mountPoint: mountPointOf(src) });
    const mnt = join(work, 'mnt');
    const log = join(work, 'abort.log');
    const agent = start(
      [
        '-F',
        src,
        '-C',
        join(work, 'repo'),
        '-N',
        'abort',
        '--snapshot',
        '--lvm-srcvol',
        '/dev/vg0/data',
        '--lvm-volgroup',
        'vg0',
        '--lvm-dirmount',
        mnt,
        '--upload-limit',
        '200K',
        '--log-file',
        log,
      ],
      lvm.env,
    );
    await waitFor(
      'the snapshot',
      () => existsSync(log) && /snapshot mounted read-only/.test(readFileSync(log, 'utf8')),
    );
    await new Promise((r) => setTimeout(r, 500));
    process.kill(agent.pid, 'SIGTERM');
    const r = await agent.done;
    expect(r.signal).toBe('SIGTERM');
    const calls = lvm.calls();
    expect(calls.at(-2)?.slice(0, 2)).toEqual(['umount', '-l']);
    expect(calls.at(-1)?.slice(0, 2)).toEqual(['lvremove', '-f']);
    expect(existsSync(mnt)).toBe(false);
  });

  it('--max-priority: what the agent runs has nice -20', async () => {
    const r = await start([
      '-F',
      src,
      '-C',
      join(work, 'repo'),
      '-N',
      'prio',
      '--max-priority',
      '--pre-command',
      'nice',
      '--metadata-out',
      '-',
    ]).done;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { hooks: { output_tail: string }[] };
    expect(report.hooks[0]?.output_tail.trim()).toBe(process.getuid?.() === 0 ? '-20' : '0');
  });
});
