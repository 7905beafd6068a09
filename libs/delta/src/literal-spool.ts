import { open, rm, type FileHandle } from 'node:fs/promises';

/**
 * Literal bytes of deltas parked on local disk until the file they belong to is rebuilt: restore reads
 * the newest level first, so a file's deltas arrive before its full copy. Append-only; read by offset.
 */
export class LiteralSpool {
  private size = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async create(path: string): Promise<LiteralSpool> {
    return new LiteralSpool(await open(path, 'wx+', 0o600), path);
  }

  /** Appends `bytes`; returns the offset they start at. */
  async append(bytes: Uint8Array): Promise<number> {
    const at = this.size;
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, at + done);
      done += bytesWritten;
    }
    this.size += bytes.length;
    return at;
  }

  /** Reads [offset, offset+length) into `into` (which must be long enough); returns the filled view. */
  async read(offset: number, length: number, into: Buffer): Promise<Buffer> {
    for (let filled = 0; filled < length;) {
      const { bytesRead } = await this.handle.read(into, filled, length - filled, offset + filled);
      if (bytesRead === 0) throw new Error(`literal spool ends at ${offset + filled} of ${this.size} bytes`);
      filled += bytesRead;
    }
    return into.subarray(0, length);
  }

  async remove(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
