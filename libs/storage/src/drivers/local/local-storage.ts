import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode, toStorageError } from '../../errors.js';
import {
  backupNameFolder,
  checkRange,
  isPartialName,
  normalizeObjectPath,
  partialName,
} from '../../paths.js';
import {
  StorageError,
  type BackupStorage,
  type ObjectEntry,
  type SegmentedWriteResult,
  type StorageKind,
} from '../../storage.js';

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * A folder on a mounted file system. The layout is the stock agent's: one file per object, a backup's
 * segments concatenated into one `data` file. Writes go to `<path>.partial-<random>` and are renamed
 * into place after fsync, so a crash never leaves a truncated file under the final name.
 */
export class LocalStorage implements BackupStorage {
  readonly kind: StorageKind = 'local';
  readonly segmentsHeld = 0;
  readonly name: string;

  constructor(private readonly root: string) {
    this.name = `local:${root}`;
  }

  static async open(root: string): Promise<LocalStorage> {
    const storage = new LocalStorage(root);
    try {
      await mkdir(root, { recursive: true });
    } catch (err) {
      throw toStorageError(storage.name, err, 'io', 'cannot create the container folder');
    }
    return storage;
  }

  private abs(path: string): string {
    return join(this.root, normalizeObjectPath(this.name, path));
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    const target = this.abs(path);
    await this.writeAtomically(target, async (write) => {
      await write(data);
    });
  }

  async getObject(path: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.abs(path)));
    } catch (err) {
      throw this.readError(err, path);
    }
  }

  async putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    const target = this.abs(path);
    const folder = backupNameFolder(normalizeObjectPath(this.name, path));
    if (folder !== undefined) await this.removeStalePartials(join(this.root, folder));
    let bytes = 0;
    let count = 0;
    await this.writeAtomically(target, async (write) => {
      for await (const segment of segments) {
        await write(segment);
        bytes += segment.byteLength;
        count += 1;
      }
    });
    return { bytes, segments: count };
  }

  /** Temporaries of a run that was killed before it could remove them (a crash, a full disk, SIGKILL). */
  private async removeStalePartials(folder: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { recursive: true, withFileTypes: true });
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw toStorageError(this.name, err, 'io', `cannot read '${folder}'`);
    }
    for (const e of entries) {
      if (e.isFile() && isPartialName(e.name))
        await unlink(join(e.parentPath, e.name)).catch(() => undefined);
    }
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    const file = this.abs(path);
    try {
      // 256 KiB reads: the reader copies each chunk into its segment buffer at once, so bigger reads
      // only add to what a restore holds (a chunk being copied and one read ahead) for no speed.
      for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
        yield chunk as Buffer;
      }
    } catch (err) {
      throw this.readError(err, path);
    }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    checkRange(this.name, start, end);
    let handle;
    try {
      handle = await open(this.abs(path), 'r');
    } catch (err) {
      throw this.readError(err, path);
    }
    try {
      const size = (await handle.stat()).size;
      const length = Math.max(0, Math.min(end, size) - start);
      const out = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    } catch (err) {
      throw this.readError(err, path);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async list(prefix: string): Promise<ObjectEntry[]> {
    const rel = normalizeObjectPath(this.name, prefix, true);
    const entries: ObjectEntry[] = [];
    try {
      await this.walk(rel, entries);
    } catch (err) {
      throw toStorageError(this.name, err, 'io', `cannot list '${prefix}'`);
    }
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(prefix: string): Promise<void> {
    const rel = normalizeObjectPath(this.name, prefix, true);
    try {
      if (rel === '') {
        // Keep the container folder itself: it may be a mount point the user created.
        for (const name of await readdir(this.root)) {
          await rm(join(this.root, name), { recursive: true, force: true });
        }
      } else {
        await rm(join(this.root, rel), { recursive: true, force: true });
      }
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw toStorageError(this.name, err, 'io', `cannot remove '${prefix}'`);
    }
  }

  async close(): Promise<void> {}

  private async walk(rel: string, out: ObjectEntry[]): Promise<void> {
    const abs = rel === '' ? this.root : join(this.root, rel);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    if (info.isFile()) {
      if (!isPartialName(rel)) out.push({ path: rel, size: info.size });
      return;
    }
    if (!info.isDirectory()) return;
    for (const name of await readdir(abs)) {
      await this.walk(rel === '' ? name : `${rel}/${name}`, out);
    }
  }

  private async writeAtomically(
    target: string,
    produce: (write: (data: Uint8Array) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const temp = partialName(target);
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (err) {
      throw toStorageError(this.name, err, 'io', `cannot create folder for '${target}'`);
    }
    let handle;
    try {
      handle = await open(temp, 'wx', 0o600);
    } catch (err) {
      throw toStorageError(this.name, err, 'io', `cannot create '${temp}'`);
    }
    const fh = handle;
    try {
      await produce(async (data) => {
        let offset = 0;
        while (offset < data.byteLength) {
          const { bytesWritten } = await fh.write(data, offset, data.byteLength - offset);
          offset += bytesWritten;
        }
      });
      await fh.sync();
      await fh.close();
      await rename(temp, target);
      await this.syncDir(dirname(target));
    } catch (err) {
      await fh.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw toStorageError(this.name, err, 'io', `writing '${target}' failed`);
    }
  }

  // The rename is only durable once the directory entry is on disk.
  private async syncDir(dir: string): Promise<void> {
    const dh = await open(dir, 'r').catch(() => undefined);
    if (!dh) return;
    await dh.sync().catch(() => undefined);
    await dh.close().catch(() => undefined);
  }

  private readError(err: unknown, path: string): StorageError {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'EISDIR') {
      return new StorageError(this.name, 'not-found', `'${path}' does not exist`, { cause: err });
    }
    return toStorageError(this.name, err, 'io', `cannot read '${path}'`);
  }
}
