import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ManifestEntry } from './entry.js';
import { encodeEntry, manifestEnd, manifestHeader } from './manifest-format.js';

/**
 * Writes a manifest to a local file as the backup walks the tree. A file's entry goes out before its
 * bytes are read and its signature streams in behind it; the size and signature length are patched in
 * place afterwards, so no signature is ever held whole in memory.
 */
export class ManifestWriter {
  private position = 0;

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
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /** Writes the entry; the returned function records its final size and signature length. */
  async begin(entry: ManifestEntry): Promise<(size: bigint, signatureLength: number) => Promise<void>> {
    const start = this.position;
    const encoded = encodeEntry(entry);
    await this.write(encoded.bytes);
    return async (size, signatureLength) => {
      const patch = Buffer.alloc(8);
      patch.writeBigUInt64BE(size);
      await this.handle.write(patch, 0, 8, start + encoded.sizeAt);
      if (encoded.signatureLengthAt >= 0) {
        patch.writeBigUInt64BE(BigInt(signatureLength));
        await this.handle.write(patch, 0, 8, start + encoded.signatureLengthAt);
      }
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
    await this.handle.close();
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
