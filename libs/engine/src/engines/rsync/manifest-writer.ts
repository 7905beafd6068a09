import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ManifestEntry } from './entry.js';
import { encodeEntry, manifestEnd, manifestHeader } from './manifest-format.js';

/**
 * Writes a manifest to a local file as the backup walks the tree. A file's entry goes out before its
 * bytes are read and its signature streams in behind it; the size and signature length are patched in
 * place afterwards, so no signature is ever held whole in memory.
 */
/** Bytes gathered before they go to the file: a tree of small files would otherwise cost a write each. */
const BUFFER_BYTES = 256 * 1024;

export class ManifestWriter {
  private position = 0;
  /** The bytes from `flushed` to `position`, not written yet. */
  private readonly buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private flushed = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<ManifestWriter> {
    const writer = new ManifestWriter(await open(path, 'w', 0o600));
    await writer.write(manifestHeader());
    return writer;
  }

  get bytes(): number {
    return this.position;
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.position - this.flushed + data.length > BUFFER_BYTES) await this.flush();
    if (data.length >= BUFFER_BYTES) {
      await this.writeAt(data, this.position);
      this.position += data.length;
      this.flushed = this.position;
      return;
    }
    this.buffer.set(data, this.position - this.flushed);
    this.position += data.length;
  }

  private async flush(): Promise<void> {
    await this.writeAt(this.buffer.subarray(0, this.position - this.flushed), this.flushed);
    this.flushed = this.position;
  }

  private async writeAt(data: Uint8Array, at: number): Promise<void> {
    for (let done = 0; done < data.length;) {
      done += (await this.handle.write(data, done, data.length - done, at + done)).bytesWritten;
    }
  }

  /** 8 bytes at `at`: in the buffer while they are still there, else in the file. */
  private async patchAt(at: number, value: bigint): Promise<void> {
    if (at >= this.flushed) {
      this.buffer.writeBigUInt64BE(value, at - this.flushed);
      return;
    }
    const patch = Buffer.alloc(8);
    patch.writeBigUInt64BE(value);
    await this.writeAt(patch, at);
  }

  /** Writes the entry; the returned function records its final size and signature length. */
  async begin(entry: ManifestEntry): Promise<(size: bigint, signatureLength: number) => Promise<void>> {
    const start = this.position;
    const encoded = encodeEntry(entry);
    await this.write(encoded.bytes);
    return async (size, signatureLength) => {
      await this.patchAt(start + encoded.sizeAt, size);
      if (encoded.signatureLengthAt >= 0)
        await this.patchAt(start + encoded.signatureLengthAt, BigInt(signatureLength));
    };
  }

  /** Appends `length` bytes of another file (an unchanged file's signature, from the parent manifest). */
  async copyFrom(path: string, offset: number, length: number): Promise<void> {
    if (length === 0) return;
    const stream = createReadStream(path, { start: offset, end: offset + length - 1 });
    for await (const chunk of stream) await this.write(chunk as Buffer);
  }

  async finish(): Promise<void> {
    await this.write(manifestEnd());
    await this.flush();
    await this.handle.close();
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
