import { CodecError } from './errors.js';
import { encodeFramed } from './framed-encode.js';
import { resolveOptions } from './options.js';
import { encodePlain } from './plain-encode.js';
import { cutSegments } from './segments.js';
import type {
  EncodeOptions,
  EncodeResult,
  EncodeSummary,
  SegmentDigest,
  StreamParams,
  StreamUnit,
} from './types.js';

/**
 * Compress (+ encrypt) `input` and cut the result into segments of `opts.segmentSize` bytes.
 * Bad options throw CodecError synchronously; data errors surface from `segments` and `summary`.
 */
export function encode(input: AsyncIterable<Uint8Array>, opts: EncodeOptions): EncodeResult {
  const resolved = resolveOptions(opts);
  let settle!: { resolve: (s: EncodeSummary) => void; reject: (err: unknown) => void };
  const summary = new Promise<EncodeSummary>((resolve, reject) => (settle = { resolve, reject }));
  summary.catch(() => undefined); // the caller may only consume `segments`

  async function* run(): AsyncGenerator<Uint8Array> {
    const counter = { bytes: 0 };
    const digests: SegmentDigest[] = [];
    const units: StreamUnit[] = [];
    let params: StreamParams | undefined;
    let stream: AsyncIterable<Buffer>;
    if (resolved.layout === 'plain') {
      const plain = encodePlain(input, resolved, counter, units);
      params = plain.params;
      stream = plain.stream;
    } else {
      stream = encodeFramed(input, resolved, counter, (p) => (params = p), units);
    }
    let done = false;
    try {
      yield* cutSegments(stream, resolved.segmentSize, digests, opts.segmentsHeld);
      done = true;
      const storedBytes = digests.reduce((sum, d) => sum + d.bytes, 0);
      units.push({ raw: counter.bytes, stored: storedBytes });
      settle.resolve({
        rawBytes: counter.bytes,
        storedBytes,
        segments: digests,
        params: params as StreamParams,
        units,
      });
    } catch (err) {
      done = true;
      settle.reject(err);
      throw err;
    } finally {
      if (!done) settle.reject(new CodecError('truncated', 'encoding stopped before the end of the input'));
    }
  }
  return { segments: run(), summary };
}
