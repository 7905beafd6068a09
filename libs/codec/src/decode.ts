import { CodecError } from './errors.js';
import { decodeFramed } from './framed-decode.js';
import { defaultConcurrency } from './options.js';
import { parseStreamParams } from './params.js';
import { decodePlain } from './plain-decode.js';
import { checkSegments } from './segments.js';
import type { DecodeOptions, StreamParams } from './types.js';

export function requirePassphrase(params: StreamParams, passphrase: Uint8Array | undefined): void {
  if (params.encryption !== 'none' && (passphrase === undefined || passphrase.length === 0)) {
    throw new CodecError('missing-key', 'the backup is encrypted: give its passphrase (--encrypt-pass-file)');
  }
}

/**
 * Stored bytes (segments concatenated; how they are chunked does not matter) → the original input.
 * Throws CodecError('wrong-key' | 'missing-key') before yielding anything when the key is wrong/absent.
 * With `options.expected`, every segment is checked against its digest before any of it is decoded.
 */
export async function* decode(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  passphrase?: Uint8Array,
  options: DecodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const checked = parseStreamParams(params);
  requirePassphrase(checked, passphrase);
  // The framed reader copies what it keeps across reads, so checked segments can share one buffer;
  // the plain layout's decompressors may queue chunks, so there each segment keeps its own memory.
  const reuse = checked.layout === 'framed';
  const source = options.expected
    ? checkSegments(stored, checked.segment_size, options.expected, reuse, options.freeSource ?? false)
    : stored;
  if (checked.layout === 'framed') {
    yield* decodeFramed(source, checked, passphrase, {
      decompress: true,
      concurrency: options.concurrency ?? defaultConcurrency(),
      sourceReuses: reuse && options.expected !== undefined,
      lend: options.lend ?? false,
    });
  } else {
    yield* decodePlain(source, checked, passphrase);
  }
}
