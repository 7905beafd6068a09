import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { onAbort } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';

const PREFIX = 'drill-';

/** A drill's private restore directory: `<root>/drill-<pid>-<random>`, the pid telling whose it is. */
export interface Sandbox {
  path: string;
  /** Removes it (once) and drops its abort cleanup. */
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
 * Makes a fresh sandbox (mode 0700: it holds a copy of the backed-up data) that is also removed on
 * SIGTERM, SIGINT or SIGHUP (hooks/abort-cleanup.ts): the scheduler aborts a job with SIGTERM to the
 * agent's process group.
 */
export function makeSandbox(root: string): Sandbox {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const path = join(root, `${PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(path, { mode: 0o700 });
  let removed = false;
  const drop = onAbort(() => rmSync(path, { recursive: true, force: true }));
  return {
    path,
    remove() {
      drop();
      if (removed) return;
      removed = true;
      rmSync(path, { recursive: true, force: true });
    },
  };
}
