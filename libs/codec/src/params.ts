import type { CompressionName, EncryptionFormat, StreamLayout, StreamParams } from './types.js';
import { CodecError } from './errors.js';

/** openssl encryption → plain (stock-compatible); aes-256-gcm → framed; no encryption → plain unless zstd. */
export function layoutFor(compression: CompressionName, encryption: EncryptionFormat): StreamLayout {
  if (encryption === 'aes-256-gcm') return 'framed';
  if (encryption === 'openssl') return 'plain';
  return compression === 'zstd' ? 'framed' : 'plain';
}

export function defaultCompressionLevel(compression: CompressionName): number | null {
  switch (compression) {
    case 'none':
      return null;
    case 'gzip':
      return 6;
    case 'bzip2':
      return 9;
    case 'xz':
      return 6;
    case 'zstd':
      return 3;
  }
}

/** Params for a backup written by the stock freezer-agent (its metadata only says compression + encrypted). */
export function stockStreamParams(
  compression: 'gzip' | 'bzip2' | 'xz',
  encrypted: boolean,
  segmentSize = 33554432,
): StreamParams {
  return {
    codec_version: 1,
    layout: 'plain',
    compression,
    compression_level: null,
    encryption: encrypted ? 'openssl' : 'none',
    segment_size: segmentSize,
    block_size: null,
    ...(encrypted ? { openssl: {} } : {}),
  };
}

type Json = Record<string, unknown>;

function fail(what: string): never {
  throw new CodecError('corrupt', `backup metadata has invalid codec params: ${what}`);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(what);
  return value as T;
}

function positiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(what);
  return value;
}

function optionalString(value: unknown, pattern: RegExp, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) fail(what);
  return value;
}

const HEX = /^[0-9a-f]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Validate params read back from (untrusted) metadata JSON; CodecError 'corrupt' on any mismatch. */
export function parseStreamParams(value: unknown): StreamParams {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const v = value as Json;
  if (v.codec_version !== 1) fail(`codec_version ${String(v.codec_version)}`);
  const layout = oneOf(v.layout, ['plain', 'framed'] as const, 'layout');
  const compression = oneOf(v.compression, ['none', 'gzip', 'bzip2', 'xz', 'zstd'] as const, 'compression');
  const encryption = oneOf(v.encryption, ['none', 'openssl', 'aes-256-gcm'] as const, 'encryption');
  if (
    (layout === 'framed') !==
    (encryption === 'aes-256-gcm' || (encryption === 'none' && compression === 'zstd'))
  ) {
    fail(`layout ${layout} with ${compression}/${encryption}`);
  }
  const level = v.compression_level;
  if (level !== null && (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 22)) {
    fail('compression_level');
  }
  const blockSize = v.block_size === null ? null : positiveInt(v.block_size, 'block_size');
  if (layout === 'framed' && blockSize === null) fail('block_size missing for a framed stream');
  const params: StreamParams = {
    codec_version: 1,
    layout,
    compression,
    compression_level: level,
    encryption,
    segment_size: positiveInt(v.segment_size, 'segment_size'),
    block_size: blockSize,
  };
  if (encryption === 'openssl') {
    const o = (v.openssl ?? {}) as Json;
    if (typeof o !== 'object') fail('openssl');
    const digest =
      o.digest === undefined ? undefined : oneOf(o.digest, ['sha256', 'md5'] as const, 'openssl.digest');
    const salt = optionalString(o.salt, HEX, 'openssl.salt');
    const keyCheck = optionalString(o.key_check, HEX, 'openssl.key_check');
    params.openssl = {
      ...(digest ? { digest } : {}),
      ...(salt !== undefined ? { salt } : {}),
      ...(keyCheck !== undefined ? { key_check: keyCheck } : {}),
    };
  }
  if (encryption === 'aes-256-gcm') {
    const k = v.kdf as Json | undefined;
    if (typeof k !== 'object' || k === null || k.name !== 'scrypt') fail('kdf');
    const salt = optionalString(k.salt, BASE64, 'kdf.salt');
    const keyCheck = optionalString(v.key_check, BASE64, 'key_check');
    if (salt === undefined || keyCheck === undefined) fail('kdf.salt/key_check missing');
    params.kdf = {
      name: 'scrypt',
      log2_n: positiveInt(k.log2_n, 'kdf.log2_n'),
      r: positiveInt(k.r, 'kdf.r'),
      p: positiveInt(k.p, 'kdf.p'),
      salt,
    };
    params.key_check = keyCheck;
  }
  return params;
}
