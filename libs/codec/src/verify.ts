import type { SegmentDigest, StreamParams, VerifyOptions } from './types.js';
import { CodecError } from './errors.js';

/** Full integrity check without output: segment count/sizes/hashes, GCM tags, decompression. */
export async function verify(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  expected: SegmentDigest[],
  passphrase?: Uint8Array,
  options?: VerifyOptions,
): Promise<void> {
  void stored;
  void params;
  void expected;
  void passphrase;
  void options;
  throw new CodecError('unsupported', 'verify: not implemented yet');
}
