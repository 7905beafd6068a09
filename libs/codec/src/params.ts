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

/** Validate params read back from (untrusted) metadata JSON. */
export function parseStreamParams(value: unknown): StreamParams {
  void value;
  throw new CodecError('unsupported', 'parseStreamParams: not implemented yet');
}
