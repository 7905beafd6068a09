import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FreezerAction } from '@freezer/api-client';
import { ProgressEvent } from '@freezer/schema';
import { actionToIni } from './agent-ini.js';
import { DEFAULT_KILL_GRACE } from './kill-grace.js';

export interface AgentOutcome {
  /** Exit code, or -signal (stock convention: -15 = killed by SIGTERM = aborted). */
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface AgentHandle {
  readonly pid: number;
  readonly done: Promise<AgentOutcome>;
  /** SIGTERM to the whole process group (agent, tar, openssl, ...); SIGKILL after `graceMs`. */
  kill(graceMs?: number): void;
}

export interface AgentRunOptions {
  /** Where the agent writes the backup point's file catalog (NDJSON) after a successful backup. */
  catalogOut?: string;
  /** Called with each progress event the agent writes (`--progress json` on descriptor 3). */
  onProgress?: (event: ProgressEvent) => void;
}

export type AgentStarter = (
  agentPath: string,
  action: FreezerAction,
  env?: NodeJS.ProcessEnv,
  opts?: AgentRunOptions,
) => AgentHandle;

/** Metadata is one JSON document; anything beyond this is truncated rather than held in memory. */
const MAX_CAPTURE = 4 * 1024 * 1024;

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs `<agent> --metadata-out - [--catalog-out <file>] --config <tmp.ini>` in its own process group, so an abort reaches every
 * child it started and a crash of the agent never affects the daemon.
 */
export function startAgent(
  agentPath: string,
  action: FreezerAction,
  env: NodeJS.ProcessEnv = process.env,
  opts: AgentRunOptions = {},
): AgentHandle {
  const dir = mkdtempSync(join(tmpdir(), 'freezer-job-'));
  const ini = join(dir, 'action.ini');
  writeFileSync(ini, actionToIni(action), { mode: 0o600 });
  const [cmd, prefix] = agentPath.endsWith('.js') ? [process.execPath, [agentPath]] : [agentPath, []];
  const catalog = opts.catalogOut ? ['--catalog-out', opts.catalogOut] : [];
  const progress = opts.onProgress ? ['--progress', 'json', '--progress-file', '/dev/fd/3'] : [];
  const child = spawn(cmd, [...prefix, '--metadata-out', '-', ...catalog, ...progress, '--config', ini], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', opts.onProgress ? 'pipe' : 'ignore'],
    env,
  });
  if (opts.onProgress) readProgress(child.stdio[3] as NodeJS.ReadableStream | null, opts.onProgress);
  const capture = (stream: NodeJS.ReadableStream | null): (() => string) => {
    let size = 0;
    const parts: Buffer[] = [];
    stream?.on('data', (c: Buffer) => {
      if (size < MAX_CAPTURE) parts.push(c.subarray(0, MAX_CAPTURE - size));
      size += c.length;
    });
    return () => Buffer.concat(parts).toString('utf8');
  };
  const out = capture(child.stdout);
  const err = capture(child.stderr);
  let killTimer: NodeJS.Timeout | undefined;
  const done = new Promise<AgentOutcome>((resolve) => {
    child.on('error', (e) => {
      resolve({ exitCode: 127, stdout: '', stderr: `cannot start agent ${agentPath}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      rmSync(dir, { recursive: true, force: true });
      const exitCode = code ?? -(SIGNALS[signal ?? ''] ?? 1);
      resolve({ exitCode, stdout: out(), stderr: err() });
    });
  });
  const signalGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  return {
    pid: child.pid ?? -1,
    done,
    kill(graceMs = DEFAULT_KILL_GRACE.seconds * 1000) {
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      killTimer.unref();
    },
  };
}

/** JSON lines from the agent's progress descriptor; anything else (a torn or foreign line) is skipped. */
function readProgress(stream: NodeJS.ReadableStream | null, onProgress: (e: ProgressEvent) => void): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const parsed = ProgressEvent.safeParse(parseJson(line));
      if (parsed.success) onProgress(parsed.data);
    }
    // A line never grows this long: drop garbage rather than hold it.
    if (pending.length > 65_536) pending = '';
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
