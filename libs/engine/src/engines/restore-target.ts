import { mkdir, readdir, rm } from 'node:fs/promises';
import { AgentError } from '../errors.js';

export interface RestoreTarget {
  path: string;
  /** It was empty (or absent) before: a failed restore leaves nothing behind in it. */
  wasEmpty: boolean;
}

/** Checks the restore directory: absent or empty, or --overwrite. Nothing is created yet. */
export async function checkRestoreTarget(path: string, overwrite: boolean): Promise<RestoreTarget> {
  const existing = await readdir(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new AgentError(
      `restore directory ${path}: ${err.code === 'ENOTDIR' ? 'not a directory' : err.message}`,
    );
  });
  const wasEmpty = existing.length === 0;
  if (!wasEmpty && !overwrite)
    throw new AgentError(`restore directory ${path} is not empty: use --overwrite or an empty directory`);
  return { path, wasEmpty };
}

export async function createRestoreTarget(target: RestoreTarget): Promise<void> {
  await mkdir(target.path, { recursive: true });
}

/** After a failed restore: a directory that was empty before is emptied again. */
export async function abandonRestoreTarget(target: RestoreTarget): Promise<void> {
  if (!target.wasEmpty) return;
  // Names as bytes: a name that is not UTF-8 would not survive a round trip through a string.
  const dir = Buffer.from(target.path);
  for (const entry of await readdir(dir, { encoding: 'buffer' }))
    await rm(Buffer.concat([dir, Buffer.from('/'), entry]), { recursive: true, force: true });
}
