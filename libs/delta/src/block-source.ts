import type { FileHandle } from 'node:fs/promises';

/** Random access to the base file a delta refers to. */
export interface BlockSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (the caller stays within `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A BlockSource over an open file. */
export async function fileBlockSource(handle: FileHandle): Promise<BlockSource> {
  const { size } = await handle.stat();
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(out, filled, length - filled, offset + filled);
        if (bytesRead === 0) throw new Error(`base file ends at ${offset + filled} of ${size} bytes`);
        filled += bytesRead;
      }
      return out;
    },
  };
}
