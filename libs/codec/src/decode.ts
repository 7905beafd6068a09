import type { DecodeOptions, StreamParams } from './types.js';
import { CodecError } from './errors.js';

/**
 * Stored bytes (segments concatenated, boundaries irrelevant) → the original input.
 * Throws CodecError('wrong-key' | 'missing-key') before yielding anything when the key is wrong/absent.
 */
export function decode(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  passphrase?: Uint8Array,
  options?: DecodeOptions,
): AsyncIterable<Uint8Array> {
  void stored;
  void params;
  void passphrase;
  void options;
  throw new CodecError('unsupported', 'decode: not implemented yet');
}
