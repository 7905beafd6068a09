import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  /** User + system CPU seconds of the command and all its children: less sensitive to a shared machine. */
  cpuSeconds: number;
  /** Peak RSS in MB of the largest process of the command (GNU time %M). */
  rssMB: number;
}

/** Runs `sh -c command` under GNU time; throws with the command's stderr tail on failure. */
export function measure(command: string, env: NodeJS.ProcessEnv = {}, cwd?: string): Measured {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time missing: apt-get install -y time');
  const r = spawnSync('/usr/bin/time', ['-f', '@@TIME %e %M %U %S', '/bin/sh', '-c', command], {
    env: { ...process.env, ...env },
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('@@TIME '));
  if (r.status !== 0 || !line) {
    throw new Error(`failed (${r.status}): ${command}\n${(r.stderr ?? '').slice(-2000)}`);
  }
  const [, seconds, rssKB, user, system] = line.split(' ');
  return { seconds: Number(seconds), rssMB: Number(rssKB) / 1024, cpuSeconds: Number(user) + Number(system) };
}

export function duBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of readdirSync(path)) total += duBytes(join(path, name));
  return total;
}

/** Drops nothing (we are not allowed to), but reads the tree once so every tool starts with a warm cache. */
export function warmCache(path: string): void {
  // Through `cat`: GNU tar writing straight to /dev/null skips reading file contents altogether.
  spawnSync('/bin/sh', ['-c', `tar -cf - -C '${path}' . | cat > /dev/null`]);
}
