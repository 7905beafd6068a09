import { describe, expect, it } from 'vitest';
import { CodecError, verify, type CompressionName, type EncryptionFormat } from '../src/index.js';
import { chunksOf, decodeAll, encodeAll, mixedData, sha256, wordData } from './helpers.js';

const COMPRESSIONS: CompressionName[] = ['none', 'gzip', 'bzip2', 'xz', 'zstd'];
const ENCRYPTIONS: EncryptionFormat[] = ['none', 'openssl', 'aes-256-gcm'];
const BLOCK = 64 * 1024;
const SEGMENT = 100_000;
const passphrase = Buffer.from('correct horse battery staple');

// Sizes: empty, one byte, not a multiple of block or segment, an exact multiple of both (1.6 MB).
const SIZES = [0, 1, 2 * BLOCK + 777, 25 * BLOCK];
const inputs = new Map(SIZES.map((size) => [size, mixedData(size)]));

describe.each(COMPRESSIONS.flatMap((c) => ENCRYPTIONS.map((e) => [c, e] as const)))(
  '%s + %s',
  (compression, encryption) => {
    it.each(SIZES)('round-trips %i bytes and verifies', async (size) => {
      const data = inputs.get(size) as Buffer;
      const { segments, summary } = await encodeAll(data, {
        compression,
        encryption,
        passphrase,
        segmentSize: SEGMENT,
        blockSize: BLOCK,
      });

      expect(summary.rawBytes).toBe(size);
      const stored = Buffer.concat(segments);
      expect(summary.storedBytes).toBe(stored.length);
      // Every segment is exactly segmentSize except the last, and its digest is its real SHA-256.
      segments.forEach((segment, i) => {
        if (i < segments.length - 1) expect(segment.length).toBe(SEGMENT);
        expect(summary.segments[i]).toEqual({ bytes: segment.length, sha256: sha256(segment) });
      });
      expect(summary.segments).toHaveLength(segments.length);
      expect(summary.params.layout).toBe(
        encryption === 'aes-256-gcm' || (compression === 'zstd' && encryption === 'none')
          ? 'framed'
          : 'plain',
      );

      // Params survive the JSON round trip through backup metadata.
      const params = JSON.parse(JSON.stringify(summary.params));
      const decoded = await decodeAll(stored, params, encryption === 'none' ? undefined : passphrase, 33_333);
      expect(decoded.length).toBe(size);
      expect(decoded.equals(data)).toBe(true);
      await verify(chunksOf(stored, 12_345), params, summary.segments, passphrase);
    });
  },
);

describe('options', () => {
  it('rejects bad options synchronously with one-line CodecErrors', async () => {
    const { encode } = await import('../src/index.js');
    const input = chunksOf(Buffer.alloc(1));
    expect(() =>
      encode(input, { compression: 'lz4' as CompressionName, encryption: 'none', segmentSize: 10 }),
    ).toThrow(/unknown compression "lz4"/);
    expect(() =>
      encode(input, { compression: 'gzip', compressionLevel: 10, encryption: 'none', segmentSize: 10 }),
    ).toThrow(/gzip compression level must be 1..9, got 10/);
    expect(() => encode(input, { compression: 'gzip', encryption: 'none', segmentSize: 0 })).toThrow(
      CodecError,
    );
    try {
      encode(input, { compression: 'zstd', encryption: 'aes-256-gcm', segmentSize: 10 });
      expect.unreachable();
    } catch (err) {
      expect((err as CodecError).code).toBe('missing-key');
    }
  });

  it('uses the requested compression level and records it', async () => {
    const data = wordData(300_000);
    const fast = await encodeAll(data, {
      compression: 'zstd',
      compressionLevel: 1,
      encryption: 'none',
      segmentSize: 1 << 20,
    });
    const strong = await encodeAll(data, {
      compression: 'zstd',
      compressionLevel: 12,
      encryption: 'none',
      segmentSize: 1 << 20,
    });
    expect(fast.summary.params.compression_level).toBe(1);
    expect(strong.summary.params.compression_level).toBe(12);
    expect(strong.summary.storedBytes).toBeLessThan(fast.summary.storedBytes);
    expect((await decodeAll(Buffer.concat(strong.segments), strong.summary.params)).equals(data)).toBe(true);
  });
});
