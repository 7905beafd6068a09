import { BlockPool } from './blocks.js';
import { releaseBuffer } from './buffer-release.js';
import { ByteReader } from './byte-reader.js';
import { decompressBlock } from './compressors.js';
import { CodecError } from './errors.js';
import {
  FIXED_HEADER_BYTES,
  RECORD_HEADER_BYTES,
  WRAP_AAD_BYTES,
  headerDigest,
  headerPrefix,
  maxBodyLength,
  openRecord,
  parseFixedHeader,
  parseKdfSection,
  parseRecordHeader,
  type RecordContext,
  type RecordHeader,
} from './framed-format.js';
import { deriveKey, unwrapKey } from './kdf.js';
import { mapOrdered } from './ordered-parallel.js';
import type { StreamParams } from './types.js';

/** The data key from the params alone, so a wrong passphrase is reported before reading any data. */
export async function dataKeyFromParams(
  params: StreamParams,
  passphrase: Uint8Array,
): Promise<{ key: Buffer; wrapped: Buffer; salt: Buffer }> {
  const { kdf, key_check: keyCheck } = params;
  if (kdf === undefined || keyCheck === undefined) {
    throw new CodecError('corrupt', 'metadata of an aes-256-gcm stream lacks its kdf/key_check');
  }
  const salt = Buffer.from(kdf.salt, 'base64');
  const wrapped = Buffer.from(keyCheck, 'base64');
  const cost = { log2N: kdf.log2_n, r: kdf.r, p: kdf.p };
  const kek = await deriveKey(passphrase, salt, cost);
  const aad = headerPrefix({
    compression: params.compression,
    level: params.compression_level,
    blockSize: params.block_size ?? 0,
    encryption: { cost, salt },
  });
  return { key: unwrapKey(kek, wrapped, aad), wrapped, salt };
}

function copyInto(target: Buffer, bytes: Buffer): Buffer {
  bytes.copy(target, 0);
  return target.subarray(0, bytes.length);
}

interface RawRecord extends RecordHeader {
  body: Buffer;
}

async function* readRecords(reader: ByteReader, blockSize: number): AsyncGenerator<RawRecord> {
  for (let index = 0; ; index++) {
    const head = await reader.readExact(RECORD_HEADER_BYTES, `record ${index}`);
    if (head === null)
      throw new CodecError('truncated', `stream ends after ${index} records without the final record`);
    const record = parseRecordHeader(head, blockSize, index);
    const body = await reader.readExact(record.bodyLength, `record ${index}`);
    if (body === null) throw new CodecError('truncated', `stream ends inside record ${index}`);
    yield { ...record, body };
    if (record.final) {
      if (!(await reader.atEnd()))
        throw new CodecError('corrupt', `data follows the final record (${index})`);
      return;
    }
  }
}

export interface FramedDecodeOptions {
  decompress: boolean;
  concurrency: number;
  /** `stored` overwrites a chunk once the next is pulled (checkSegments with reuse). */
  sourceReuses?: boolean;
  /** Free each yielded block once the consumer asks for the next (DecodeOptions.lend). */
  lend?: boolean;
}

/** Parse, authenticate and (optionally) decompress a framed stream, in order. */
export async function* decodeFramed(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  passphrase: Uint8Array | undefined,
  options: FramedDecodeOptions,
): AsyncGenerator<Buffer> {
  const encrypted = params.encryption === 'aes-256-gcm';
  const unlocked = encrypted ? await dataKeyFromParams(params, passphrase as Uint8Array) : undefined;
  const reader = new ByteReader(stored, options.sourceReuses ?? false);
  try {
    const fixed = await reader.readExact(FIXED_HEADER_BYTES, 'the stream header');
    if (fixed === null) throw new CodecError('truncated', 'stored stream is empty (no header)');
    const info = parseFixedHeader(fixed);
    if (
      info.compression !== params.compression ||
      info.encrypted !== encrypted ||
      info.blockSize !== params.block_size
    ) {
      throw new CodecError('corrupt', 'stream header does not match the backup metadata');
    }
    let header = fixed;
    if (encrypted) {
      const rest = await reader.readExact(info.totalBytes - FIXED_HEADER_BYTES, 'the stream header');
      if (rest === null) throw new CodecError('truncated', 'stream ends inside its header');
      header = Buffer.concat([fixed, rest]);
      const section = parseKdfSection(header);
      const u = unlocked as { wrapped: Buffer; salt: Buffer };
      if (
        !section.salt.equals(u.salt) ||
        !section.wrappedKey.equals(u.wrapped) ||
        header.length !== WRAP_AAD_BYTES + u.wrapped.length
      ) {
        throw new CodecError('corrupt', 'stream header key material does not match the backup metadata');
      }
    }
    const ctx: RecordContext = {
      headerHash: headerDigest(header),
      ...(unlocked ? { dataKey: unlocked.key } : {}),
    };
    const compression = info.compression;
    // zstd decompresses synchronously on this thread (see encodeFramed): one record at a time.
    const window = compression === 'zstd' ? 1 : options.concurrency;
    // An unencrypted payload lies in the reader's memory, which the next read may overwrite while the
    // decompressor still reads it on the thread pool: such payloads are copied into pooled buffers.
    // zstd decompresses synchronously, before the next read: it reads the payload in place.
    const copies =
      options.sourceReuses && !encrypted && options.decompress && compression !== 'zstd'
        ? new BlockPool(maxBodyLength(info.blockSize), window + 1)
        : undefined;
    // A lent block comes back when the consumer asks for the next: zstd decompresses into those.
    // Blocks in use: one per task in flight, the one lent, and the one being filled.
    const outputs =
      options.lend && options.decompress && compression === 'zstd'
        ? new BlockPool(info.blockSize, window + 2)
        : undefined;
    // Plaintexts that die inside their task (decompressed, or only authenticated) are pooled; 'none'
    // hands its plaintext on as the output, so that one stays fresh memory.
    const plainPool =
      encrypted && (compression !== 'none' || !options.decompress)
        ? new BlockPool(maxBodyLength(info.blockSize), window + 1)
        : undefined;
    const blocks = mapOrdered(
      readRecords(reader, info.blockSize),
      async (record, index) => {
        const into = plainPool && record.bodyLength > 0 ? plainPool.take() : undefined;
        let opened: Buffer;
        try {
          opened = openRecord(ctx, index, record, record.body, into);
        } catch (err) {
          if (into) plainPool?.release(into);
          throw err;
        }
        if (!options.decompress) {
          if (into) plainPool?.release(into);
          return Buffer.alloc(0);
        }
        if (record.rawLength === 0) {
          if (into) plainPool?.release(into);
          if (opened.length !== 0)
            throw new CodecError('corrupt', `record ${index} is empty but carries data`);
          return Buffer.alloc(0);
        }
        // 'none' hands its payload on as the output: that copy must be its own.
        if (copies && compression === 'none') return Buffer.from(opened);
        const payload = copies ? copyInto(copies.take(), opened) : opened;
        try {
          return await decompressBlock(compression, payload, record.rawLength, outputs);
        } finally {
          if (copies) copies.release(payload);
          // The decipher's output, read by the decompressor: dead now ('none' hands it on instead).
          else if (into) plainPool?.release(into);
          else if (encrypted && compression !== 'none') releaseBuffer(opened);
        }
      },
      window,
    );
    // Every block is this decoder's own fresh memory except an unencrypted, uncompressed payload read
    // in place: that one is a view of the source's chunk and is not ours to free.
    const ownBlocks = compression !== 'none' || encrypted || copies !== undefined;
    for await (const block of blocks) {
      yield block;
      if (outputs?.owns(block)) outputs.release(block);
      else if (options.lend && ownBlocks) releaseBuffer(block);
    }
    copies?.drain();
    outputs?.drain();
    plainPool?.drain();
  } finally {
    await reader.close();
  }
}
