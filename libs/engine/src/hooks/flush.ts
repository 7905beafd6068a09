import { spawnSync } from 'node:child_process';
import type { Logger } from '../logger.js';

/** "Flush kernel buffered memory to disk" (the seed): `sync` before a snapshot or a consistent copy. */
export function flushKernelBuffers(log: Logger): void {
  const result = spawnSync('sync', [], { stdio: 'ignore' });
  if (result.status !== 0) log.warn('sync: could not flush kernel buffers');
  else log.debug('sync: kernel buffers flushed');
}
