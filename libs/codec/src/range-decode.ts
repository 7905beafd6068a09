import { createDecipheriv } from 'node:crypto';
import { ByteReader } from './byte-reader.js';
import { decompressBlock, decompressStream } from './compressors.js';
import { requirePassphrase } from './decode.js';
import { CodecError } from './errors.js';
import { dataKeyFromParams } from './framed-decode.js';
import {
  RECORD_HEADER_BYTES,
  headerDigest,
  headerPrefix,
  openRecord,
  parseRecordHeader,
  type RecordContext,
} from './framed-format.js';
import { OPENSSL_HEADER_BYTES, SALTED, checkedOpensslKeys } from './openssl.js';
import { parseStreamParams } from './params.js';
import type { StreamParams, StreamRange } from './types.js';

/** Reads stored bytes [start, end) of one stream (a storage's ranged read). */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

/** Ranged reads are made this large at most, so a big file is never held whole in memory. */
const WINDOW = 8 * 1024 * 1024;
const CFB_BLOCK = 16;

async function* windows(read: RangeReader, start: number, end: number): AsyncGenerator<Uint8Array> {
  for (let at = start; at < end; at += WINDOW) {
    const bytes = await read(at, Math.min(end, at + WINDOW));
    if (bytes.length === 0) throw new CodecError('truncated', `stored stream ends before offset ${at}`);
    yield bytes;
  }
}

/**
 * Decodes only the units in `range` of a stored stream, reading nothing else: framed records are
 * authenticated with their own index; a plain stream's members are decompressed from their start,
 * and openssl CFB is entered at the cipher block before the range (CFB needs only the previous
 * ciphertext block as its IV). Yields the input bytes from `range`'s first unit on.
 */
export async function* decodeRange(
  read: RangeReader,
  params: StreamParams,
  passphrase: Uint8Array | undefined,
  range: StreamRange,
): AsyncGenerator<Uint8Array> {
  const checked = parseStreamParams(params);
  requirePassphrase(checked, passphrase);
  if (range.end <= range.start) return;
  if (checked.layout === 'framed') yield* framedRange(read, checked, passphrase, range);
  else yield* plainRange(read, checked, passphrase, range);
}

async function* framedRange(
  read: RangeReader,
  params: StreamParams,
  passphrase: Uint8Array | undefined,
  range: StreamRange,
): AsyncGenerator<Uint8Array> {
  const blockSize = params.block_size ?? 0;
  const unlocked =
    params.encryption === 'aes-256-gcm'
      ? await dataKeyFromParams(params, passphrase as Uint8Array)
      : undefined;
  // The stream header is rebuilt from the params: every record's AAD binds its hash.
  const prefix = headerPrefix({
    compression: params.compression,
    level: params.compression_level,
    blockSize,
    ...(unlocked && params.kdf
      ? {
          encryption: {
            cost: { log2N: params.kdf.log2_n, r: params.kdf.r, p: params.kdf.p },
            salt: unlocked.salt,
          },
        }
      : {}),
  });
  const header = unlocked ? Buffer.concat([prefix, unlocked.wrapped]) : prefix;
  const ctx: RecordContext = {
    headerHash: headerDigest(header),
    ...(unlocked ? { dataKey: unlocked.key } : {}),
  };
  const reader = new ByteReader(windows(read, range.start, range.end));
  try {
    for (let index = range.unit; ; index++) {
      const head = await reader.readExact(RECORD_HEADER_BYTES, `record ${index}`);
      if (head === null) return;
      const record = parseRecordHeader(head, blockSize, index);
      const body = await reader.readExact(record.bodyLength, `record ${index}`);
      if (body === null) throw new CodecError('truncated', `stream ends inside record ${index}`);
      const payload = openRecord(ctx, index, record, body);
      if (record.rawLength > 0) yield await decompressBlock(params.compression, payload, record.rawLength);
      if (record.final) return;
    }
  } finally {
    await reader.close();
  }
}

async function* plainRange(
  read: RangeReader,
  params: StreamParams,
  passphrase: Uint8Array | undefined,
  range: StreamRange,
): AsyncGenerator<Uint8Array> {
  let compressed: AsyncIterable<Uint8Array> = windows(read, range.start, range.end);
  if (params.encryption === 'openssl') {
    const head = Buffer.from(await read(0, OPENSSL_HEADER_BYTES));
    if (!head.subarray(0, 8).equals(SALTED))
      throw new CodecError('corrupt', 'encrypted stream does not start with the openssl "Salted__" header');
    const keys = checkedOpensslKeys(params, passphrase as Uint8Array, head.subarray(8, 16));
    if (!keys) {
      const why = params.openssl?.key_check === undefined ? 'records no key check' : 'does not decrypt';
      throw new CodecError('wrong-key', `wrong encryption key (openssl stream ${why})`);
    }
    const offset = range.start - OPENSSL_HEADER_BYTES;
    const aligned = offset - (offset % CFB_BLOCK);
    const iv =
      aligned === 0
        ? keys.iv
        : Buffer.from(await read(OPENSSL_HEADER_BYTES + aligned - CFB_BLOCK, OPENSSL_HEADER_BYTES + aligned));
    compressed = cfbDecrypt(
      windows(read, OPENSSL_HEADER_BYTES + aligned, range.end),
      keys.key,
      iv,
      offset - aligned,
    );
  }
  yield* decompressStream(params.compression, compressed);
}

async function* cfbDecrypt(
  source: AsyncIterable<Uint8Array>,
  key: Buffer,
  iv: Buffer,
  drop: number,
): AsyncGenerator<Uint8Array> {
  const decipher = createDecipheriv('aes-256-cfb', key, iv);
  let skip = drop;
  for await (const chunk of source) {
    let out = decipher.update(chunk);
    if (skip > 0) {
      const n = Math.min(skip, out.length);
      out = out.subarray(n);
      skip -= n;
    }
    if (out.length > 0) yield out;
  }
}
