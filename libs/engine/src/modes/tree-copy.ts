import { constants } from 'node:fs';
import { chmod, copyFile, lchown, lstat, mkdir, readdir, readlink, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Copies the tree at `from` into `to` (file data by the kernel: copy_file_range or a reflink, never
 * through this process's memory), keeping modes and modification times. Files for which `last` is true
 * are copied after everything else: for a database's write-ahead log this means every data page that
 * changed during the copy has its log record in the copy, so crash recovery of the copy repairs it.
 * Owners are kept too when running as root: the restored data directory must belong to the server's user.
 * Sockets and FIFOs are skipped (a server's socket or pipe is not data).
 */
export async function copyTree(from: string, to: string, last: (name: string) => boolean): Promise<number> {
  const deferred: [string, string][] = [];
  let bytes = 0;
  const walk = async (src: string, dst: string): Promise<void> => {
    const info = await lstat(src);
    await mkdir(dst);
    await chmod(dst, info.mode & 0o7777);
    await keepOwner(dst, info);
    for (const entry of await readdir(src, { withFileTypes: true })) {
      const s = join(src, entry.name);
      const d = join(dst, entry.name);
      if (entry.isDirectory()) await walk(s, d);
      else if (entry.isSymbolicLink()) {
        await symlink(await readlink(s), d);
        await keepOwner(d, await lstat(s));
      } else if (entry.isFile()) {
        if (last(entry.name)) deferred.push([s, d]);
        else bytes += await copyOne(s, d);
      }
    }
    await utimes(dst, info.atime, info.mtime);
  };
  await walk(from, to);
  for (const [s, d] of deferred) bytes += await copyOne(s, d);
  return bytes;
}

async function copyOne(src: string, dst: string): Promise<number> {
  await copyFile(src, dst, constants.COPYFILE_FICLONE);
  const info = await lstat(src);
  await keepOwner(dst, info);
  await utimes(dst, info.atime, info.mtime);
  return info.size;
}

/** The archive records owners, and a restored data directory must belong to the server's user again. */
async function keepOwner(path: string, info: { uid: number; gid: number }): Promise<void> {
  if (process.getuid?.() === 0) await lchown(path, info.uid, info.gid);
}
