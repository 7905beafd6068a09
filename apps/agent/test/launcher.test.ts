import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const AGENT = fileURLToPath(new URL('../bin/freezer-agent.js', import.meta.url));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  opts: { detached?: boolean; onStdout?: (text: string) => void } = {},
): { pid: number; ended: Promise<Ended> } {
  const { MALLOC_MMAP_THRESHOLD_: _setting, ...env } = process.env;
  const child = spawn(process.execPath, [AGENT, ...args], { env, detached: opts.detached ?? false });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    opts.onStdout?.(stdout);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end();
  const ended = new Promise<Ended>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid as number, ended };
}

/** Running or sleeping: a zombie (dead, waiting for whoever adopted it to reap it) counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

beforeAll(() => {
  if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
    throw new Error('apps/agent is not built: run `npm run build` first');
  }
});

describe('the freezer-agent launcher', () => {
  it('runs the built agent in its own process, without allocator settings, and passes its exit code', async () => {
    const version = await run(['--version']).ended;
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^freezer-agent \d+\.\d+\.\d+/);
    // The command's shell is the agent's child: its parent is the very process that was started.
    const r = run(['--action', 'exec', '--command', 'echo "$PPID ${MALLOC_MMAP_THRESHOLD_-unset}"; exit 5']);
    const exec = await r.ended;
    expect(exec.code).toBe(5);
    expect(exec.stdout).toBe(`${r.pid} unset\n`);
  });

  it("a SIGTERM to the process group (the scheduler's abort) ends the agent and what it runs", async () => {
    let started!: (pid: number) => void;
    const sleepPid = new Promise<number>((resolve) => (started = resolve));
    const r = run(['--action', 'exec', '--command', 'sleep 30 & echo $!; wait'], {
      detached: true,
      onStdout: (text) => {
        if (text.endsWith('\n')) started(Number(text.trim()));
      },
    });
    const sleep = await sleepPid;
    expect(alive(sleep)).toBe(true);
    process.kill(-r.pid, 'SIGTERM');
    const ended = await r.ended;
    expect(ended.signal === 'SIGTERM' || (ended.code !== null && ended.code !== 0)).toBe(true);
    expect(alive(r.pid)).toBe(false);
    for (let i = 0; i < 50 && alive(sleep); i++) await new Promise((done) => setTimeout(done, 20));
    expect(alive(sleep)).toBe(false);
  });
});
