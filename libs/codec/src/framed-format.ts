import { createCipheriv, createDecipheriv, createHash, type Cipher, type Decipher } from 'node:crypto';
import zlib from 'node:zlib';
import { releaseBuffer } from './buffer-release.js';
import { CodecError } from './errors.js';
import type { CompressionName } from './types.js';
import { SALT_BYTES, WRAPPED_KEY_BYTES, type ScryptCost } from './kdf.js';

// Byte layout: docs/agent-formats.md "Framed layout". All integers big-endian.

export const MAGIC = Buffer.from('FRZCODEC', 'latin1');
export const VERSION = 1;
export const FIXED_HEADER_BYTES = 16;
export const KDF_SECTION_BYTES = 4 + SALT_BYTES + WRAPPED_KEY_BYTES; // 80
/** Bytes of the header bound into the wrapped key's AAD: fixed part + KDF id/cost + salt. */
export const WRAP_AAD_BYTES = FIXED_HEADER_BYTES + 4 + SALT_BYTES; // 36
export const RECORD_HEADER_BYTES = 9;
export const TAG_BYTES = 16;
export const CRC_BYTES = 4;
export const FLAG_FINAL = 0x01;

const COMPRESSION_IDS: CompressionName[] = ['none', 'gzip', 'bzip2', 'xz', 'zstd'];
const KDF_SCRYPT = 1;
const ENCRYPTION_GCM = 1;

export interface FramedHeader {
  compression: CompressionName;
  level: number | null;
  blockSize: number;
  encryption?: { cost: ScryptCost; salt: Buffer; wrappedKey: Buffer };
}

/** The fixed part plus KDF id/cost/salt: everything the wrapped key's AAD covers. */
export function headerPrefix(
  header: Omit<FramedHeader, 'encryption'> & { encryption?: { cost: ScryptCost; salt: Buffer } },
): Buffer {
  const encrypted = header.encryption !== undefined;
  const out = Buffer.alloc(encrypted ? WRAP_AAD_BYTES : FIXED_HEADER_BYTES);
  MAGIC.copy(out, 0);
  out[8] = VERSION;
  out[9] = COMPRESSION_IDS.indexOf(header.compression);
  out[10] = header.level ?? 0xff;
  out[11] = encrypted ? ENCRYPTION_GCM : 0;
  out.writeUInt32BE(header.blockSize, 12);
  if (header.encryption) {
    const { cost, salt } = header.encryption;
    out[16] = KDF_SCRYPT;
    out[17] = cost.log2N;
    out[18] = cost.r;
    out[19] = cost.p;
    salt.copy(out, 20);
  }
  return out;
}

export function serializeHeader(header: FramedHeader): Buffer {
  const prefix = headerPrefix(header);
  return header.encryption ? Buffer.concat([prefix, header.encryption.wrappedKey]) : prefix;
}

/** Size of the header whose first FIXED_HEADER_BYTES are `fixed`, after checking them. */
export function parseFixedHeader(fixed: Buffer): {
  compression: CompressionName;
  level: number | null;
  blockSize: number;
  encrypted: boolean;
  totalBytes: number;
} {
  if (!fixed.subarray(0, 8).equals(MAGIC))
    throw new CodecError('corrupt', 'stream does not start with the FRZCODEC header');
  if (fixed[8] !== VERSION)
    throw new CodecError('unsupported', `framed stream version ${fixed[8]} (this codec reads ${VERSION})`);
  const compression = COMPRESSION_IDS[fixed[9] ?? 0xff];
  if (compression === undefined)
    throw new CodecError('corrupt', `unknown compression id ${fixed[9]} in the stream header`);
  const encryptionId = fixed[11];
  if (encryptionId !== 0 && encryptionId !== ENCRYPTION_GCM) {
    throw new CodecError('corrupt', `unknown encryption id ${encryptionId} in the stream header`);
  }
  const encrypted = encryptionId === ENCRYPTION_GCM;
  const blockSize = fixed.readUInt32BE(12);
  if (blockSize === 0) throw new CodecError('corrupt', 'block size 0 in the stream header');
  const level = fixed[10] === 0xff ? null : (fixed[10] as number);
  return {
    compression,
    level,
    blockSize,
    encrypted,
    totalBytes: FIXED_HEADER_BYTES + (encrypted ? KDF_SECTION_BYTES : 0),
  };
}

export function parseKdfSection(header: Buffer): { cost: ScryptCost; salt: Buffer; wrappedKey: Buffer } {
  if (header[16] !== KDF_SCRYPT)
    throw new CodecError('unsupported', `unknown KDF id ${header[16]} in the stream header`);
  return {
    cost: { log2N: header[17] as number, r: header[18] as number, p: header[19] as number },
    salt: header.subarray(20, 20 + SALT_BYTES),
    wrappedKey: header.subarray(WRAP_AAD_BYTES, WRAP_AAD_BYTES + WRAPPED_KEY_BYTES),
  };
}

export interface RecordHeader {
  bodyLength: number;
  final: boolean;
  rawLength: number;
}

export function serializeRecordHeader(record: RecordHeader): Buffer {
  const out = Buffer.alloc(RECORD_HEADER_BYTES);
  out.writeUInt32BE(record.bodyLength, 0);
  out[4] = record.final ? FLAG_FINAL : 0;
  out.writeUInt32BE(record.rawLength, 5);
  return out;
}

/** Largest body a record of `blockSize` input may have (worst-case expansion of every compressor). */
export function maxBodyLength(blockSize: number): number {
  return blockSize + Math.ceil(blockSize / 8) + 65536 + TAG_BYTES;
}

export function parseRecordHeader(bytes: Buffer, blockSize: number, index: number): RecordHeader {
  const bodyLength = bytes.readUInt32BE(0);
  const flags = bytes[4] as number;
  const rawLength = bytes.readUInt32BE(5);
  if ((flags & ~FLAG_FINAL) !== 0 || rawLength > blockSize || bodyLength > maxBodyLength(blockSize)) {
    throw new CodecError('corrupt', `record ${index} has an invalid header`);
  }
  return { bodyLength, final: (flags & FLAG_FINAL) !== 0, rawLength };
}

function indexBytes(index: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(index));
  return out;
}

/** Deterministic nonce: the data key is random per stream, so (key, index) never repeats. */
function nonceFor(index: number): Buffer {
  return Buffer.concat([Buffer.alloc(4), indexBytes(index)]);
}

export function headerDigest(header: Buffer): Buffer {
  return createHash('sha256').update(header).digest();
}

export interface RecordContext {
  headerHash: Buffer;
  dataKey?: Buffer;
}

function aadFor(ctx: RecordContext, index: number, recordHeader: Buffer): Buffer {
  return Buffer.concat([ctx.headerHash, indexBytes(index), recordHeader]);
}

function crcFor(ctx: RecordContext, index: number, recordHeader: Buffer, payload: Buffer): number {
  const aadCrc = zlib.crc32(aadFor(ctx, index, recordHeader));
  // node's crc32 hands zlib a null pointer for an empty view whose ArrayBuffer has been materialised
  // (`.buffer` was read), and zlib answers 0 for null: the CRC of nothing is the CRC so far.
  return payload.length === 0 ? aadCrc : zlib.crc32(payload, aadCrc);
}

/**
 * node's ciphers return fresh memory from every update(): a whole block at once is a block-sized malloc
 * per record, which glibc keeps in its heap after the first is freed. In steps of 64 KiB, each step's
 * output is copied into the caller's reused buffer and freed at once.
 */
const CIPHER_STEP = 64 * 1024;

function cipherInto(cipher: Cipher | Decipher, input: Buffer, into: Buffer): Buffer {
  let filled = 0;
  for (let at = 0; at < input.length; at += CIPHER_STEP) {
    const part = cipher.update(input.subarray(at, Math.min(input.length, at + CIPHER_STEP)));
    filled += part.copy(into, filled);
    releaseBuffer(part);
  }
  return into.subarray(0, filled);
}

/**
 * Record header ‖ body, where body = AES-256-GCM(payload) ‖ tag, or payload ‖ CRC-32. Returned as pieces
 * in stream order, not concatenated: the segment cutter copies them anyway, so joining them here would
 * copy every byte once more. The pieces may share memory with `payload` (no encryption).
 */
export function sealRecord(
  ctx: RecordContext,
  index: number,
  final: boolean,
  rawLength: number,
  payload: Buffer,
  /** Where the ciphertext goes (at least payload.length bytes); fresh memory without it. */
  into?: Buffer,
): Buffer[] {
  const bodyLength = payload.length + (ctx.dataKey ? TAG_BYTES : CRC_BYTES);
  const recordHeader = serializeRecordHeader({ bodyLength, final, rawLength });
  if (!ctx.dataKey) {
    const crc = Buffer.alloc(CRC_BYTES);
    crc.writeUInt32BE(crcFor(ctx, index, recordHeader, payload));
    return [recordHeader, payload, crc];
  }
  const cipher = createCipheriv('aes-256-gcm', ctx.dataKey, nonceFor(index));
  cipher.setAAD(aadFor(ctx, index, recordHeader));
  const sealed = into ? cipherInto(cipher, payload, into) : cipher.update(payload);
  cipher.final();
  return [recordHeader, sealed, cipher.getAuthTag()];
}

/** Check and strip the tag/CRC of one record body; returns the compressed payload. */
export function openRecord(
  ctx: RecordContext,
  index: number,
  record: RecordHeader,
  body: Buffer,
  /** Where the plaintext goes when encrypted (at least body.length bytes); fresh memory without it. */
  into?: Buffer,
): Buffer {
  const recordHeader = serializeRecordHeader(record);
  if (!ctx.dataKey) {
    if (body.length < CRC_BYTES) throw new CodecError('corrupt', `record ${index} is too short`);
    const payload = body.subarray(0, body.length - CRC_BYTES);
    if (body.readUInt32BE(payload.length) !== crcFor(ctx, index, recordHeader, payload)) {
      throw new CodecError('corrupt', `record ${index} fails its CRC-32 (damaged or out of order)`);
    }
    return payload;
  }
  if (body.length < TAG_BYTES) throw new CodecError('corrupt', `record ${index} is too short`);
  const decipher = createDecipheriv('aes-256-gcm', ctx.dataKey, nonceFor(index));
  decipher.setAAD(aadFor(ctx, index, recordHeader));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  const sealed = body.subarray(0, body.length - TAG_BYTES);
  const plain = into ? cipherInto(decipher, sealed, into) : decipher.update(sealed);
  try {
    decipher.final();
  } catch {
    throw new CodecError(
      'corrupt',
      `record ${index} fails authentication (damaged, reordered or from another stream)`,
    );
  }
  return plain;
}
