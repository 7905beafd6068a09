import type { EncodeOptions, EncodeResult } from './types.js';
import { CodecError } from './errors.js';

/** Compress (+ encrypt) `input` and cut the result into segments of `opts.segmentSize` bytes. */
export function encode(input: AsyncIterable<Uint8Array>, opts: EncodeOptions): EncodeResult {
  void input;
  void opts;
  throw new CodecError('unsupported', 'encode: not implemented yet');
}
