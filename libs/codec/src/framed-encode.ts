import { randomBytes } from 'node:crypto';
import { BlockPool, toBlocks } from './blocks.js';
import { releaseBuffer } from './buffer-release.js';
import { compressBlock } from './compressors.js';
import {
  headerDigest,
  headerPrefix,
  maxBodyLength,
  sealRecord,
  serializeHeader,
  type FramedHeader,
  type RecordContext,
} from './framed-format.js';
import { DEFAULT_SCRYPT, SALT_BYTES, deriveKey, wrapKey } from './kdf.js';
import { mapOrdered } from './ordered-parallel.js';
import { zstdCompressBound } from './zstd-binding.js';
import type { ResolvedOptions } from './options.js';
import type { StreamParams, StreamUnit } from './types.js';

const EMPTY = Buffer.alloc(0);

export async function* encodeFramed(
  input: AsyncIterable<Uint8Array>,
  opts: ResolvedOptions,
  counter: { bytes: number },
  onParams: (params: StreamParams) => void,
  units: StreamUnit[],
): AsyncGenerator<Buffer> {
  const header: FramedHeader = {
    compression: opts.compression,
    level: opts.level,
    blockSize: opts.blockSize,
  };
  let dataKey: Buffer | undefined;
  if (opts.encryption === 'aes-256-gcm') {
    const cost = { ...DEFAULT_SCRYPT };
    const salt = opts.kdfSalt ?? randomBytes(SALT_BYTES);
    const kek = await deriveKey(opts.passphrase as Uint8Array, salt, cost);
    dataKey = randomBytes(32);
    const wrappedKey = wrapKey(kek, dataKey, headerPrefix({ ...header, encryption: { cost, salt } }));
    header.encryption = { cost, salt, wrappedKey };
  }
  const headerBytes = serializeHeader(header);
  onParams({
    codec_version: 1,
    layout: 'framed',
    compression: opts.compression,
    compression_level: opts.level,
    encryption: opts.encryption,
    segment_size: opts.segmentSize,
    block_size: opts.blockSize,
    ...(header.encryption
      ? {
          kdf: {
            name: 'scrypt',
            log2_n: header.encryption.cost.log2N,
            r: header.encryption.cost.r,
            p: header.encryption.cost.p,
            salt: header.encryption.salt.toString('base64'),
          },
          key_check: header.encryption.wrappedKey.toString('base64'),
        }
      : {}),
  });
  yield headerBytes;
  const ctx: RecordContext = { headerHash: headerDigest(headerBytes), ...(dataKey ? { dataKey } : {}) };
  const level = opts.level ?? 0;
  // zstd and AES-GCM run synchronously on this thread: a task is finished when it is started, and the
  // generator is suspended while the consumer works, so a wider window would only hold more buffers.
  const window = opts.compression === 'zstd' ? 1 : opts.concurrency;
  const pool = new BlockPool(opts.blockSize, window + 1);
  // zstd's frames: one per task in flight and one being written out.
  const outputs = new BlockPool(zstdCompressBound(opts.blockSize), window + 1);
  // AES-GCM's ciphertexts, pooled the same way (any compressor's payload fits).
  const sealedPool = dataKey ? new BlockPool(maxBodyLength(opts.blockSize), window + 1) : undefined;
  const pools = sealedPool ? [outputs, sealedPool] : [outputs];
  const records = mapOrdered(
    toBlocks(input, pool, counter),
    async (block, index) => {
      const payload =
        block.data.length === 0 ? EMPTY : await compressBlock(opts.compression, level, block.data, outputs);
      const sealed = sealedPool && payload.length > 0 ? sealedPool.take() : undefined;
      const pieces = sealRecord(ctx, index, block.final, block.data.length, payload, sealed);
      // 'none' without encryption: the payload piece is the pooled block itself, which is about to be
      // reused. Otherwise every piece is fresh (compressor or cipher output) or a pooled zstd frame.
      if (payload === block.data && !dataKey) pieces[1] = Buffer.from(payload);
      // The cipher has read the compressor's output: it is dead.
      if (dataKey && payload !== block.data) freePayload(payload, pools);
      pool.release(block.data);
      return pieces;
    },
    window,
  );
  let stored = headerBytes.length;
  let index = 0;
  for await (const pieces of records) {
    units.push({ raw: index * opts.blockSize, stored });
    index++;
    for (const piece of pieces) stored += piece.length;
    yield* pieces;
    // The consumer (the segment cutter) copied the pieces before it asked for more; the body is this
    // record's own memory (a pooled zstd frame, compressor or cipher output, or the copy above).
    freePayload(pieces[1] as Buffer, pools);
  }
  // Every block, frame and ciphertext came back to its pool when it was done with.
  pool.drain();
  for (const p of pools) p.drain();
}

/** A pooled frame or ciphertext goes back to its pool for the next block; other dead outputs are freed now. */
function freePayload(payload: Buffer, pools: BlockPool[]): void {
  const owner = pools.find((p) => p.owns(payload));
  if (owner) owner.release(payload);
  else releaseBuffer(payload);
}
