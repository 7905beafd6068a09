import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import type { BlockPool } from './blocks.js';
import { zstdCompressInto, zstdDecompressInto } from './zstd-binding.js';
import { CodecError } from './errors.js';
import type { CompressionName } from './types.js';
import { compressibilityRuns } from './incompressible.js';
import { pipeThroughTool, runToolOnBuffer } from './tool-process.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * zlib's output chunk for one block: big enough for the whole result (stored blocks add 5 bytes per 16 KiB),
 * so a block is one trip to the thread pool instead of one per default 16 KiB chunk.
 */
function oneChunkFor(bytes: number): number {
  return Math.max(64 * 1024, bytes + (bytes >>> 10) + 1024);
}

const LEVEL_RANGE: Record<Exclude<CompressionName, 'none'>, [number, number]> = {
  gzip: [1, 9],
  bzip2: [1, 9],
  xz: [0, 9],
  zstd: [1, 22],
};

export function checkLevel(compression: CompressionName, level: number): void {
  if (compression === 'none') return;
  const [min, max] = LEVEL_RANGE[compression];
  if (!Number.isInteger(level) || level < min || level > max) {
    throw new CodecError(
      'unsupported',
      `${compression} compression level must be ${min}..${max}, got ${level}`,
    );
  }
}

/**
 * Random-looking stretches are stored (level 0), the rest deflated at `level`; each stretch is its own
 * gzip member, and concatenated members are one valid gzip stream (RFC 1952 §2.2, `gzip -d`, GNU tar -z).
 */
async function gzipBlock(data: Buffer, level: number): Promise<Buffer> {
  const runs = compressibilityRuns(data);
  const members: Buffer[] = [];
  // One after the other: the caller already runs one block per core.
  for (const run of runs) {
    const part = data.subarray(run.start, run.end);
    members.push(
      await gzip(part, { level: run.incompressible ? 0 : level, chunkSize: oneChunkFor(part.length) }),
    );
  }
  return members.length === 1 ? (members[0] as Buffer) : Buffer.concat(members);
}

/** A zstd frame written into a buffer of `outputs`: the caller returns it there once the frame is read. */
function zstdBlock(data: Buffer, level: number, outputs: BlockPool): Buffer {
  const out = outputs.take();
  try {
    return zstdCompressInto(data, out, level);
  } catch (err) {
    outputs.release(out);
    throw err;
  }
}

/**
 * One independent compressed unit: a gzip member, a bzip2/xz stream or a zstd frame. zstd writes into a
 * buffer of `outputs` (blocks of zstdCompressBound(blockSize)); the caller returns it to the pool once
 * the frame is read. The other compressors return fresh memory.
 */
export async function compressBlock(
  compression: CompressionName,
  level: number,
  data: Buffer,
  outputs: BlockPool,
): Promise<Buffer> {
  switch (compression) {
    case 'none':
      return data;
    case 'gzip':
      return gzipBlock(data, level);
    case 'zstd':
      return zstdBlock(data, level, outputs);
    case 'bzip2':
      return runToolOnBuffer('bzip2', ['-c', `-${level}`], data, 'compress');
    case 'xz':
      return runToolOnBuffer('xz', ['-c', '-q', '-T1', `-${level}`], data, 'compress');
  }
}

function dataError(compression: CompressionName, err: unknown): CodecError {
  if (err instanceof CodecError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = /unexpected end|truncated|incomplete|ends unexpectedly/i.test(message)
    ? 'truncated'
    : 'corrupt';
  return new CodecError(code, `${compression} data is damaged: ${message}`, { cause: err });
}

/**
 * Inverse of compressBlock; the result must be exactly `rawLength` bytes. zstd decompresses into a block
 * of `outputs` when given (the caller returns it there), else into fresh memory of `rawLength` bytes.
 */
export async function decompressBlock(
  compression: CompressionName,
  data: Buffer,
  rawLength: number,
  outputs?: BlockPool,
): Promise<Buffer> {
  let out: Buffer;
  try {
    switch (compression) {
      case 'none':
        out = data;
        break;
      case 'gzip':
        out = await gunzip(data, {
          maxOutputLength: Math.max(rawLength, 1),
          chunkSize: oneChunkFor(rawLength),
        });
        break;
      case 'zstd': {
        const target = outputs ? outputs.take() : Buffer.allocUnsafeSlow(rawLength);
        try {
          // Room for exactly rawLength bytes: a frame that holds more fails instead of overrunning.
          out = zstdDecompressInto(data, target.subarray(0, rawLength));
        } catch (err) {
          outputs?.release(target);
          throw err;
        }
        break;
      }
      case 'bzip2':
        out = await runToolOnBuffer('bzip2', ['-dc'], data, 'decompress');
        break;
      case 'xz':
        out = await runToolOnBuffer('xz', ['-dc', '-q'], data, 'decompress');
        break;
    }
  } catch (err) {
    throw dataError(compression, err);
  }
  if (out.length !== rawLength) {
    throw new CodecError(
      'corrupt',
      `${compression} block decompressed to ${out.length} bytes, ${rawLength} recorded`,
    );
  }
  return out;
}

async function* throughGunzip(input: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const source = Readable.from(input, { objectMode: false });
  // 256 KiB output chunks instead of 16 KiB: fewer callbacks and smaller pipe writes downstream.
  const gunzipStream = zlib.createGunzip({ chunkSize: 256 * 1024 });
  source.on('error', (err) => gunzipStream.destroy(err));
  source.pipe(gunzipStream);
  try {
    for await (const chunk of gunzipStream as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw dataError('gzip', err);
  } finally {
    source.destroy();
    gunzipStream.destroy();
  }
}

/** Decompress a whole plain stream (concatenated members/streams/frames), in one pass. */
export function decompressStream(
  compression: CompressionName,
  input: AsyncIterable<Uint8Array>,
): AsyncIterable<Uint8Array> {
  switch (compression) {
    case 'none':
      return input;
    case 'gzip':
      return throughGunzip(input);
    case 'bzip2':
      return pipeThroughTool('bzip2', ['-dc'], input, 'decompress');
    case 'xz':
      return pipeThroughTool('xz', ['-dc', '-q'], input, 'decompress');
    case 'zstd':
      return pipeThroughTool('zstd', ['-dcq'], input, 'decompress');
  }
}

/** First bytes of each format, for recognising a correctly decrypted stock stream. */
export function looksLike(compression: CompressionName, head: Buffer): boolean {
  const startsWith = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  switch (compression) {
    case 'gzip':
      return startsWith(0x1f, 0x8b, 0x08);
    case 'bzip2':
      return startsWith(0x42, 0x5a, 0x68) && (head[3] ?? 0) >= 0x31 && (head[3] ?? 0) <= 0x39;
    case 'xz':
      return startsWith(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00);
    case 'zstd':
      return startsWith(0x28, 0xb5, 0x2f, 0xfd);
    case 'none':
      // A tar stream has "ustar" at offset 257 of its first header; shorter data cannot be judged.
      return head.length < 262 || head.subarray(257, 262).toString('latin1') === 'ustar';
  }
}
