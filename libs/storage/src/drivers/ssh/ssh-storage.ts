import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { SshConfig } from '../../config.js';
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
import { readAll } from '../../read-all.js';
import { openSftpSession, type SftpSession } from './sftp-session.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const NO_SUCH_FILE = 2;
/** Bytes per SFTP write request and how many are in flight: pipelining is what makes SFTP fast. */
const WRITE_CHUNK = 64 * 1024;
const WRITES_IN_FLIGHT = 32;
const READ_CHUNK = 256 * 1024;
const READS_IN_FLIGHT = 8;

type Cb<T> = (cb: (err: Error | undefined | null, value: T) => void) => void;

function sftpCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A folder on a remote host over SFTP, with the same layout as local storage. Writes go to a
 * `.partial-` temporary, are fsynced (OpenSSH extension) and renamed over the final name.
 */
export class SshStorage implements BackupStorage {
  readonly kind: StorageKind = 'ssh';
  readonly name: string;
  private session: SftpSession | undefined;

  private constructor(private readonly cfg: SshConfig) {
    this.name = `ssh:${cfg.username}@${cfg.host}:${cfg.port ?? 22}${cfg.container.startsWith('/') ? '' : '/'}${cfg.container}`;
  }

  static async open(cfg: SshConfig, _env?: NodeJS.ProcessEnv): Promise<SshStorage> {
    if (!cfg.host) throw new StorageError('ssh', 'config', 'ssh storage needs --ssh-host');
    if (!cfg.username) throw new StorageError('ssh', 'config', 'ssh storage needs --ssh-username');
    const storage = new SshStorage(cfg);
    const sftp = await storage.sftp();
    await storage.mkdirp(sftp, cfg.container);
    return storage;
  }

  /** Promisifies one SFTP request; it also fails as soon as the connection it was sent on is lost. */
  private call<T>(fn: Cb<T>): Promise<T> {
    const request = new Promise<T>((resolve, reject) =>
      fn((err, value) => (err ? reject(err) : resolve(value))),
    );
    const lost = this.session?.lost;
    return lost ? Promise.race([request, lost]) : request;
  }

  private async sftp(): Promise<SFTPWrapper> {
    if (!this.session || this.session.closed) this.session = await openSftpSession(this.cfg, this.name);
    return this.session.sftp;
  }

  private abs(path: string, allowEmpty = false): string {
    const rel = normalizeObjectPath(this.name, path, allowEmpty);
    return rel === '' ? this.cfg.container : posix.join(this.cfg.container, rel);
  }

  /** Turns an SFTP failure into one line; a dropped connection says so rather than "No response". */
  private fail(err: unknown, what: string): StorageError {
    if (err instanceof StorageError) return err;
    if (this.session?.closed) {
      return new StorageError(
        this.name,
        'interrupted',
        `${what}: connection lost (${this.session.closeReason})`,
        {
          cause: err,
        },
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    return new StorageError(
      this.name,
      sftpCode(err) === NO_SUCH_FILE ? 'not-found' : 'io',
      `${what}: ${message}`,
      {
        cause: err,
      },
    );
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    await this.writeAtomically(this.abs(path), async (write) => write(data));
  }

  getObject(path: string): Promise<Uint8Array> {
    return readAll(this.getSegmented(path));
  }

  async putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    const folder = backupNameFolder(normalizeObjectPath(this.name, path));
    if (folder !== undefined) await this.removeStalePartials(folder);
    let bytes = 0;
    let count = 0;
    await this.writeAtomically(this.abs(path), async (write) => {
      for await (const segment of segments) {
        await write(segment);
        bytes += segment.byteLength;
        count += 1;
      }
    });
    return { bytes, segments: count };
  }

  /** Opens `path` for reading and learns its size; a missing file is `not-found`. */
  private async openForRead(path: string): Promise<{ sftp: SFTPWrapper; handle: Buffer; size: number }> {
    const file = this.abs(path);
    try {
      const sftp = await this.sftp();
      const handle = await this.call<Buffer>((cb) => sftp.open(file, 'r', cb));
      const size = (await this.call<Stats>((cb) => sftp.fstat(handle, cb))).size;
      return { sftp, handle, size };
    } catch (err) {
      const e = this.fail(err, `cannot read '${path}'`);
      if (e.code === 'not-found') throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
      throw e;
    }
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    const { sftp, handle, size } = await this.openForRead(path);
    try {
      // Keep several reads in flight and hand them out in order.
      const pending: Promise<Buffer>[] = [];
      let next = 0;
      const issue = (): void => {
        const position = next;
        const length = Math.min(READ_CHUNK, size - position);
        next += length;
        pending.push(this.readAt(sftp, handle, position, length));
      };
      while (next < size && pending.length < READS_IN_FLIGHT) issue();
      while (pending.length > 0) {
        const chunk = await pending.shift()!;
        if (next < size) issue();
        yield chunk;
      }
    } catch (err) {
      throw this.fail(err, `reading '${path}' failed`);
    } finally {
      await this.call<void>((cb) => sftp.close(handle, cb as never)).catch(() => undefined);
    }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    checkRange(this.name, start, end);
    const { sftp, handle, size } = await this.openForRead(path);
    try {
      const stop = Math.min(end, size);
      const reads: Promise<Buffer>[] = [];
      for (let at = start; at < stop; at += READ_CHUNK) {
        reads.push(this.readAt(sftp, handle, at, Math.min(READ_CHUNK, stop - at)));
      }
      return Buffer.concat(await Promise.all(reads));
    } catch (err) {
      throw this.fail(err, `reading '${path}' failed`);
    } finally {
      await this.call<void>((cb) => sftp.close(handle, cb as never)).catch(() => undefined);
    }
  }

  private async readAt(sftp: SFTPWrapper, handle: Buffer, position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = await this.call<number>((cb) =>
        sftp.read(handle, buffer, done, length - done, position + done, (err, bytesRead) =>
          cb(err, bytesRead),
        ),
      );
      if (n === 0) throw new Error('file shrank while reading');
      done += n;
    }
    return buffer;
  }

  async list(prefix: string): Promise<ObjectEntry[]> {
    const rel = normalizeObjectPath(this.name, prefix, true);
    const out: ObjectEntry[] = [];
    try {
      const sftp = await this.sftp();
      await this.walk(sftp, rel, out);
    } catch (err) {
      throw this.fail(err, `cannot list '${prefix}'`);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Temporaries of a run whose connection dropped before it could remove them. */
  private async removeStalePartials(folder: string): Promise<void> {
    const partials: string[] = [];
    try {
      const sftp = await this.sftp();
      await this.walk(sftp, folder, [], partials);
      for (const p of partials) await this.call<void>((cb) => sftp.unlink(this.abs(p), cb as never));
    } catch (err) {
      throw this.fail(err, `cannot clean up '${folder}'`);
    }
  }

  /** Complete files below `rel` into `out`; `.partial-` temporaries into `partials` when given. */
  private async walk(sftp: SFTPWrapper, rel: string, out: ObjectEntry[], partials?: string[]): Promise<void> {
    let st: Stats;
    try {
      st = await this.call<Stats>((cb) => sftp.stat(this.abs(rel, true), cb));
    } catch (err) {
      if (sftpCode(err) === NO_SUCH_FILE) return;
      throw err;
    }
    if (st.isFile()) {
      if (!isPartialName(rel)) out.push({ path: rel, size: st.size });
      else partials?.push(rel);
      return;
    }
    if (!st.isDirectory()) return;
    const entries = await this.call<{ filename: string; attrs: Stats }[]>((cb) =>
      sftp.readdir(this.abs(rel, true), cb),
    );
    for (const e of entries) {
      const child = rel === '' ? e.filename : `${rel}/${e.filename}`;
      if (e.attrs.isDirectory()) await this.walk(sftp, child, out, partials);
      else if (!e.attrs.isFile()) continue;
      else if (!isPartialName(child)) out.push({ path: child, size: e.attrs.size });
      else partials?.push(child);
    }
  }

  async remove(prefix: string): Promise<void> {
    const rel = normalizeObjectPath(this.name, prefix, true);
    try {
      const sftp = await this.sftp();
      await this.removeTree(sftp, this.abs(rel, true), rel !== '');
    } catch (err) {
      throw this.fail(err, `cannot remove '${prefix}'`);
    }
  }

  private async removeTree(sftp: SFTPWrapper, abs: string, removeSelf: boolean): Promise<void> {
    let st: Stats;
    try {
      st = await this.call<Stats>((cb) => sftp.lstat(abs, cb));
    } catch (err) {
      if (sftpCode(err) === NO_SUCH_FILE) return;
      throw err;
    }
    if (!st.isDirectory()) {
      await this.call<void>((cb) => sftp.unlink(abs, cb as never));
      return;
    }
    const entries = await this.call<{ filename: string }[]>((cb) => sftp.readdir(abs, cb));
    for (const e of entries) await this.removeTree(sftp, posix.join(abs, e.filename), true);
    if (removeSelf) await this.call<void>((cb) => sftp.rmdir(abs, cb as never));
  }

  async close(): Promise<void> {
    this.session?.client.end();
    this.session = undefined;
  }

  private async mkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
    const parts = dir.split('/');
    let current = dir.startsWith('/') ? '' : '.';
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      current = current === '' ? `/${part}` : `${current}/${part}`;
      try {
        const st = await this.call<Stats>((cb) => sftp.stat(current, cb));
        if (!st.isDirectory())
          throw new StorageError(this.name, 'io', `'${current}' exists and is not a folder`);
      } catch (err) {
        if (sftpCode(err) !== NO_SUCH_FILE) throw this.fail(err, `cannot create folder '${current}'`);
        await this.call<void>((cb) => sftp.mkdir(current, cb as never)).catch(async (mkErr: unknown) => {
          // a concurrent writer may have created it between stat and mkdir
          const again = await this.call<Stats>((cb) => sftp.stat(current, cb)).catch(() => undefined);
          if (!again?.isDirectory()) throw this.fail(mkErr, `cannot create folder '${current}'`);
        });
      }
    }
  }

  private async writeAtomically(
    target: string,
    produce: (write: (data: Uint8Array) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const temp = partialName(target);
    let sftp: SFTPWrapper | undefined;
    let handle: Buffer | undefined;
    try {
      sftp = await this.sftp();
      const s = sftp;
      await this.mkdirp(s, posix.dirname(target));
      const h = await this.call<Buffer>((cb) => s.open(temp, 'w', { mode: 0o600 }, cb));
      handle = h;
      let position = 0;
      await produce(async (data) => {
        const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        await this.writePipelined(s, h, buf, position);
        position += buf.byteLength;
      });
      await this.call<unknown>((cb) => s.ext_openssh_fsync(h, cb)).catch(() => undefined);
      await this.call<void>((cb) => s.close(h, cb as never));
      handle = undefined;
      await this.call<void>((cb) => s.ext_openssh_rename(temp, target, cb as never));
    } catch (err) {
      const failure = this.fail(err, `writing '${target}' failed`);
      if (sftp && !this.session?.closed) {
        const s = sftp;
        if (handle) await this.call<void>((cb) => s.close(handle!, cb as never)).catch(() => undefined);
        await this.call<void>((cb) => s.unlink(temp, cb as never)).catch(() => undefined);
      }
      throw failure;
    }
  }

  private async writePipelined(sftp: SFTPWrapper, handle: Buffer, buf: Buffer, start: number): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (let off = 0; off < buf.byteLength && failure === undefined; off += WRITE_CHUNK) {
      const len = Math.min(WRITE_CHUNK, buf.byteLength - off);
      const p: Promise<void> = this.call<void>((cb) =>
        sftp.write(handle, buf, off, len, start + off, cb as never),
      )
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  }
}
