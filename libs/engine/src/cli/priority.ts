import { spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Logger } from '../logger.js';

/** --max-priority: nice -20 and real-time I/O class for this process; tar inherits both. */
export function applyMaxPriority(log: Logger): void {
  try {
    setPriority(process.pid, -20);
  } catch (err) {
    log.warn(`--max-priority: cannot raise CPU priority (${(err as Error).message})`);
  }
  const ionice = spawnSync('ionice', ['-c', '1', '-n', '0', '-p', String(process.pid)], { stdio: 'ignore' });
  if (ionice.status !== 0) log.warn('--max-priority: cannot set real-time I/O priority (ionice)');
}
