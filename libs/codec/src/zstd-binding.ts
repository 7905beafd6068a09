import { createRequire } from 'node:module';
import type * as Zstd from 'zstd-napi/binding';

/**
 * zstd through zstd-napi's low-level binding: one compression and one decompression context for the
 * process, made on first use, writing into buffers the caller owns. The calls are synchronous on the
 * calling thread. A binding that runs on the libuv pool and returns a fresh output per call (what the
 * codec used before) leaves those outputs and contexts in glibc's per-thread arenas: 20–35 MB of
 * resident memory that only a process-wide malloc setting took back.
 */
const binding = createRequire(import.meta.url)('zstd-napi/binding') as typeof Zstd;

let cctx: Zstd.CCtx | undefined;
let dctx: Zstd.DCtx | undefined;

/** The largest frame `size` input bytes can compress to: the size of a reusable output buffer. */
export function zstdCompressBound(size: number): number {
  return binding.compressBound(size);
}

function zstdError(err: unknown): Error {
  // napi errors carry no JS stack; a normal Error lets the caller wrap it.
  return new Error(`zstd: ${err instanceof Error ? err.message : String(err)}`);
}

/** One zstd frame of `src` written into `out` (at least zstdCompressBound(src.length) bytes). */
export function zstdCompressInto(src: Uint8Array, out: Buffer, level: number): Buffer {
  cctx ??= new binding.CCtx();
  try {
    return out.subarray(0, cctx.compress(out, src, level));
  } catch (err) {
    throw zstdError(err);
  }
}

/** The frame(s) in `src` decompressed into `out`; a frame larger than `out` is an error. */
export function zstdDecompressInto(src: Uint8Array, out: Buffer): Buffer {
  dctx ??= new binding.DCtx();
  try {
    return out.subarray(0, dctx.decompress(out, src));
  } catch (err) {
    throw zstdError(err);
  }
}
