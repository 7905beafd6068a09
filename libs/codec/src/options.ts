import { availableParallelism } from 'node:os';
import { CodecError } from './errors.js';
import { checkLevel } from './compressors.js';
import { SALT_BYTES } from './kdf.js';
import { defaultCompressionLevel, layoutFor } from './params.js';
import { BACKUP_ENCRYPTIONS as ENCRYPTIONS, COMPRESSIONS } from '@freezer/schema';
import type { CompressionName, EncodeOptions, EncryptionFormat, StreamLayout } from './types.js';
const MAX_BLOCK = 64 * 1024 * 1024;

export interface ResolvedOptions {
  layout: StreamLayout;
  compression: CompressionName;
  level: number | null;
  encryption: EncryptionFormat;
  passphrase: Uint8Array | undefined;
  segmentSize: number;
  blockSize: number;
  concurrency: number;
  kdfSalt: Buffer | undefined;
}

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

export function resolveOptions(opts: EncodeOptions): ResolvedOptions {
  if (!COMPRESSIONS.includes(opts.compression)) {
    throw new CodecError(
      'unsupported',
      `unknown compression "${String(opts.compression)}" (use ${COMPRESSIONS.join(', ')})`,
    );
  }
  if (!ENCRYPTIONS.includes(opts.encryption)) {
    throw new CodecError(
      'unsupported',
      `unknown encryption format "${String(opts.encryption)}" (use ${ENCRYPTIONS.join(', ')})`,
    );
  }
  if (!Number.isSafeInteger(opts.segmentSize) || opts.segmentSize < 1) {
    throw new CodecError('unsupported', `segment size must be a positive integer, got ${opts.segmentSize}`);
  }
  const level =
    opts.compression === 'none' ? null : (opts.compressionLevel ?? defaultCompressionLevel(opts.compression));
  if (level !== null) checkLevel(opts.compression, level);
  const blockSize =
    opts.blockSize ?? (opts.compression === 'bzip2' || opts.compression === 'xz' ? 4 : 2) * 1024 * 1024;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK) {
    throw new CodecError('unsupported', `block size must be 1..${MAX_BLOCK} bytes, got ${blockSize}`);
  }
  const concurrency = opts.concurrency ?? defaultConcurrency();
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new CodecError('unsupported', `concurrency must be a positive integer, got ${concurrency}`);
  }
  if (opts.encryption !== 'none' && (opts.passphrase === undefined || opts.passphrase.length === 0)) {
    throw new CodecError(
      'missing-key',
      `${opts.encryption} encryption needs a passphrase (--encrypt-pass-file)`,
    );
  }
  const kdfSalt = opts.kdfSalt === undefined ? undefined : Buffer.from(opts.kdfSalt, 'base64');
  if (kdfSalt !== undefined && kdfSalt.length !== SALT_BYTES) {
    throw new CodecError(
      'unsupported',
      `kdfSalt must be ${SALT_BYTES} bytes (base64), got ${kdfSalt.length}`,
    );
  }
  return {
    layout: layoutFor(opts.compression, opts.encryption),
    compression: opts.compression,
    level,
    encryption: opts.encryption,
    passphrase: opts.encryption === 'none' ? undefined : opts.passphrase,
    segmentSize: opts.segmentSize,
    blockSize,
    concurrency,
    kdfSalt,
  };
}
