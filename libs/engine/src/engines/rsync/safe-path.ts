import { join } from 'node:path';
import { AgentError } from '../../errors.js';

/**
 * A manifest path is trusted only as a plain relative path: no empty, '.' or '..' components, no NUL,
 * not absolute. An unencrypted backup can be edited by anyone with storage access, so restore refuses
 * anything that could land outside the target.
 */
export function checkRelative(path: Buffer, what: string): void {
  if (path.length === 0) return;
  const parts = path.toString('latin1').split('/');
  if (path.includes(0) || parts.some((p) => p === '' || p === '.' || p === '..'))
    throw new AgentError(`refusing ${what} "${path.toString()}": it points outside the restore directory`);
}

/** `root` joined with a relative byte path, as a Buffer path for node:fs. */
export function under(root: string, rel: Buffer): Buffer {
  if (rel.length === 0) return Buffer.from(root);
  return Buffer.concat([Buffer.from(join(root, '/')), rel]);
}

/** Parent of a relative byte path ('' for a top-level name). */
export function parentOf(rel: Buffer): Buffer {
  const cut = rel.lastIndexOf(0x2f);
  return cut < 0 ? Buffer.alloc(0) : rel.subarray(0, cut);
}

export function childOf(rel: Buffer, name: Buffer): Buffer {
  return rel.length === 0 ? Buffer.from(name) : Buffer.concat([rel, Buffer.from('/'), name]);
}
