import { BlockPool, toBlocks } from './blocks.js';
import { compressBlock } from './compressors.js';
import { OPENSSL_HEADER_BYTES, newOpensslEncryption, opensslEncrypt, opensslKeyCheck } from './openssl.js';
import { mapOrdered } from './ordered-parallel.js';
import { zstdCompressBound } from './zstd-binding.js';
import type { ResolvedOptions } from './options.js';
import type { StreamParams, StreamUnit } from './types.js';

/** Concatenated independent members/streams/frames: what `gzip -d`, `bzip2 -d`, `xz -d`, `zstd -d` read. */
async function* compressedStream(
  input: AsyncIterable<Uint8Array>,
  opts: ResolvedOptions,
  counter: { bytes: number },
  units: StreamUnit[],
  storedBase: number,
): AsyncGenerator<Buffer> {
  if (opts.compression === 'none') {
    // Any offset is a unit boundary here; one every block keeps the list short.
    const every = opts.blockSize;
    for await (const chunk of input) {
      const before = counter.bytes;
      counter.bytes += chunk.length;
      for (let at = Math.ceil(before / every) * every; at < counter.bytes; at += every) {
        units.push({ raw: at, stored: storedBase + at });
      }
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    }
    return;
  }
  const level = opts.level as number;
  const compression = opts.compression;
  // An empty trailing block adds nothing, except for empty input, which still needs one valid unit.
  const pool = new BlockPool(opts.blockSize, opts.concurrency + 1);
  const outputs = new BlockPool(zstdCompressBound(opts.blockSize), opts.concurrency + 1);
  const compressed = mapOrdered(
    toBlocks(input, pool, counter),
    async (block, index) => {
      if (block.final && block.data.length === 0 && index > 0) return null;
      const unit = await compressBlock(compression, level, block.data, outputs);
      pool.release(block.data); // the compressor has finished reading it
      if (!outputs.owns(unit)) return unit;
      // Consumers of this layout may keep what they are given: a pooled frame is copied out.
      const own = Buffer.from(unit);
      outputs.release(unit);
      return own;
    },
    opts.concurrency,
  );
  let stored = storedBase;
  let index = 0;
  for await (const unit of compressed) {
    if (unit !== null) {
      units.push({ raw: index * opts.blockSize, stored });
      stored += unit.length;
      yield unit;
    }
    index++;
  }
}

export function encodePlain(
  input: AsyncIterable<Uint8Array>,
  opts: ResolvedOptions,
  counter: { bytes: number },
  units: StreamUnit[],
): { stream: AsyncIterable<Buffer>; params: StreamParams } {
  const base: StreamParams = {
    codec_version: 1,
    layout: 'plain',
    compression: opts.compression,
    compression_level: opts.level,
    encryption: opts.encryption,
    segment_size: opts.segmentSize,
    block_size: opts.compression === 'none' ? null : opts.blockSize,
  };
  // The openssl header ("Salted__" + salt) comes before the first unit; CFB keeps every length.
  const storedBase = opts.encryption === 'openssl' ? OPENSSL_HEADER_BYTES : 0;
  const compressed = compressedStream(input, opts, counter, units, storedBase);
  if (opts.encryption !== 'openssl') return { stream: compressed, params: base };
  const encryption = newOpensslEncryption(opts.passphrase as Uint8Array);
  return {
    stream: opensslEncrypt(compressed, encryption),
    params: {
      ...base,
      openssl: {
        digest: 'sha256',
        salt: encryption.salt.toString('hex'),
        key_check: opensslKeyCheck(encryption.keys),
      },
    },
  };
}
