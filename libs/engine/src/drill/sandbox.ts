import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';

const PREFIX = 'drill-';
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGTERM: 143, SIGINT: 130, SIGHUP: 129 };

/** A drill's private restore directory: `<root>/drill-<pid>-<random>`, the pid telling whose it is. */
export interface Sandbox {
  path: string;
  /** Removes it (once) and drops the signal handlers. */
  remove(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the sandboxes of drills whose process is gone (killed with SIGKILL, or the node crashed), so a
 * restored copy of the data never outlives its drill by more than one drill.
 */
export function sweepStaleSandboxes(root: string, log: Logger): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const name of names) {
    const pid = Number(/^drill-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    swept.push(name);
  }
  if (swept.length > 0) log.warn(`removed ${swept.length} sandbox(es) left by killed drills in ${root}`);
  return swept;
}

/**
 * Makes a fresh sandbox (mode 0700: it holds a copy of the backed-up data) and removes it again on
 * SIGTERM, SIGINT or SIGHUP before the process exits with the shell's 128+N: the scheduler aborts a job
 * with SIGTERM to the agent's process group.
 */
export function makeSandbox(root: string): Sandbox {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const path = join(root, `${PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(path, { mode: 0o700 });
  let removed = false;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const remove = (): void => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    handlers.clear();
    if (removed) return;
    removed = true;
    rmSync(path, { recursive: true, force: true });
  };
  for (const [signal, code] of Object.entries(SIGNAL_EXIT) as [NodeJS.Signals, number][]) {
    const handler = (): void => {
      remove();
      process.exit(code);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return { path, remove };
}
