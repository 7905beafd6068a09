import { createRequire } from 'node:module';

// @mongodb-js/zstd 1.2.2's index.js wrapper drops the `level` argument (it calls `_compress(data)`), so
// every level would compress as level 3. Its native binding takes the level; call that directly.
interface ZstdBinding {
  compress(data: Buffer, level?: number | null): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

const binding = createRequire(import.meta.url)('@mongodb-js/zstd/bindings.js') as ZstdBinding;

export async function zstdCompress(data: Buffer, level: number): Promise<Buffer> {
  try {
    return await binding.compress(data, level);
  } catch (err) {
    // napi errors carry no JS stack; rethrow a normal Error so the caller can wrap it.
    throw new Error(`zstd: ${(err as Error).message}`);
  }
}

export async function zstdDecompress(data: Buffer): Promise<Buffer> {
  try {
    return await binding.decompress(data);
  } catch (err) {
    throw new Error(`zstd: ${(err as Error).message}`);
  }
}
