import { decode, requirePassphrase } from './decode.js';
import { decodeFramed } from './framed-decode.js';
import { defaultConcurrency } from './options.js';
import { parseStreamParams } from './params.js';
import { checkSegments } from './segments.js';
import type { SegmentDigest, StreamParams, VerifyOptions } from './types.js';

async function drain(source: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of source);
}

/**
 * Full integrity check without output: segment count, sizes and SHA-256 against `expected`; then,
 * when the key is available (or not needed), the whole decode — GCM tags / CRCs, decompression.
 * Without a passphrase an encrypted stream is checked against its digests only.
 */
export async function verify(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  expected: SegmentDigest[],
  passphrase?: Uint8Array,
  options: VerifyOptions = {},
): Promise<void> {
  const checked = parseStreamParams(params);
  const keyAvailable = checked.encryption === 'none' || (passphrase !== undefined && passphrase.length > 0);
  const decompress = options.decompress ?? true;
  if (!keyAvailable) {
    await drain(checkSegments(stored, checked.segment_size, expected));
    return;
  }
  requirePassphrase(checked, passphrase);
  if (decompress) {
    await drain(decode(stored, checked, passphrase, { expected }));
  } else if (checked.layout === 'framed') {
    const source = checkSegments(stored, checked.segment_size, expected);
    await drain(
      decodeFramed(source, checked, passphrase, { decompress: false, concurrency: defaultConcurrency() }),
    );
  } else {
    await drain(checkSegments(stored, checked.segment_size, expected));
  }
}
