import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('./fixtures/relaunch-probe.mjs', import.meta.url));
const AGENT = fileURLToPath(new URL('../bin/freezer-agent.js', import.meta.url));
const { FREEZER_AGENT_RELAUNCHED: _inherited, ...CLEAN_ENV } = process.env;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(
  script: string,
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    input?: string;
    detached?: boolean;
    onStdout?: (text: string) => void;
  } = {},
): { pid: number; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...CLEAN_ENV, ...opts.env },
    detached: opts.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    opts.onStdout?.(stdout);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(opts.input ?? '');
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

/** Starts the probe's `wait-with-child` and resolves with the launcher's, the agent's and the sleep's pids. */
async function startWaiting(
  detached: boolean,
): Promise<{ launcher: number; agent: number; sleep: number; ended: Promise<Ended> }> {
  let ready!: (pids: number[]) => void;
  const pids = new Promise<number[]>((resolve) => (ready = resolve));
  const r = run(PROBE, ['wait-with-child'], {
    detached,
    onStdout: (text) => {
      if (text.endsWith('\n')) ready(text.trim().split(' ').map(Number));
    },
  });
  const [agent, sleep] = await pids;
  return { launcher: r.pid, agent: agent as number, sleep: sleep as number, ended: r.ended };
}

describe('launcher relaunch with memory settings', () => {
  it('runs the program once more in a child with the malloc setting and no node flag', async () => {
    const r = run(PROBE, ['env']);
    const out = await r.ended;
    const seen = JSON.parse(out.stdout) as {
      MALLOC_ARENA_MAX: string;
      MALLOC_MMAP_THRESHOLD_: string;
      execArgv: string[];
      ppid: number;
    };
    expect(seen.MALLOC_ARENA_MAX).toBeUndefined();
    expect(seen.MALLOC_MMAP_THRESHOLD_).toBe('131072');
    expect(seen.execArgv).toEqual([]);
    expect(seen.ppid).toBe(r.pid);
  });

  it('keeps settings the user made and does not relaunch when told not to', async () => {
    const own = await run(PROBE, ['env'], { env: { MALLOC_MMAP_THRESHOLD_: '65536' } }).ended;
    expect(JSON.parse(own.stdout)).toMatchObject({ MALLOC_MMAP_THRESHOLD_: '65536' });
    const r = run(PROBE, ['env'], { env: { FREEZER_AGENT_RELAUNCHED: '1' } });
    const seen = JSON.parse((await r.ended).stdout) as { pid: number; execArgv: string[] };
    expect(seen.pid).toBe(r.pid);
    expect(seen.execArgv).toEqual([]);
  });

  it('passes the exit code, stdin, stdout and stderr through', async () => {
    for (const code of [0, 1, 2, 3]) expect((await run(PROBE, ['exit', String(code)]).ended).code).toBe(code);
    const echo = await run(PROBE, ['echo'], { input: 'some input\n' }).ended;
    expect(echo).toMatchObject({ code: 0, stdout: 'some input\n', stderr: 'to stderr\n' });
  });

  it('ends by the same signal as the child', async () => {
    const r = await run(PROBE, ['die-by', 'SIGTERM']).ended;
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('forwards a SIGTERM sent to the launcher alone', async () => {
    const p = await startWaiting(false);
    process.kill(p.launcher, 'SIGTERM');
    expect(await p.ended).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(alive(p.agent)).toBe(false);
    process.kill(p.sleep, 'SIGKILL'); // not the launcher's job: only a group signal reaches it
  });

  it("a SIGTERM to the process group (the scheduler's abort) ends the launcher, the agent and its children", async () => {
    const p = await startWaiting(true);
    process.kill(-p.launcher, 'SIGTERM');
    expect(await p.ended).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(alive(p.agent)).toBe(false);
    for (let i = 0; i < 50 && alive(p.sleep); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(p.sleep)).toBe(false);
  });

  it('the real launcher runs the built agent in the tuned child', async () => {
    if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
      throw new Error('apps/agent is not built: run `npm run build` first');
    }
    const version = await run(AGENT, ['--version']).ended;
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^freezer-agent \d+\.\d+\.\d+/);
    const exec = await run(AGENT, ['--action', 'exec', '--command', 'echo "$MALLOC_MMAP_THRESHOLD_"; exit 5'])
      .ended;
    expect(exec.code).toBe(5);
    expect(exec.stdout).toBe('131072\n');
  });
});
