import { describe, expect, it } from 'vitest';
import { decodeRange, type CompressionName, type EncryptionFormat } from '../src/index.js';
import { caught, collect, encodeAll, mixedData } from './helpers.js';

const PASS = new TextEncoder().encode('range secret');
const BLOCK = 64 * 1024;

const CASES: [CompressionName, EncryptionFormat][] = [
  ['zstd', 'aes-256-gcm'],
  ['zstd', 'none'],
  ['gzip', 'openssl'],
  ['gzip', 'none'],
  ['none', 'openssl'],
  ['none', 'aes-256-gcm'],
];

describe('decodeRange', () => {
  for (const [compression, encryption] of CASES) {
    it(`decodes any run of units alone, reading only their bytes (${compression}, ${encryption})`, async () => {
      const data = mixedData(10 * BLOCK + 12_345);
      const passphrase = encryption === 'none' ? undefined : PASS;
      const { segments, summary } = await encodeAll(data, {
        compression,
        encryption,
        passphrase,
        segmentSize: 100_000,
        blockSize: BLOCK,
      });
      const stored = Buffer.concat(segments);
      const { units } = summary;
      expect(units.at(-1)).toEqual({ raw: data.length, stored: stored.length });
      expect(units.length).toBeGreaterThanOrEqual(11);
      const runs: [number, number][] = [
        [0, 1],
        [3, 5],
        [units.length - 2, units.length - 1],
        [0, units.length - 1],
      ];
      for (const [from, to] of runs) {
        const start = units[from]!.stored;
        const end = units[to]!.stored;
        let read = 0;
        const reader = async (s: number, e: number): Promise<Uint8Array> => {
          // Only the range itself, plus the openssl header and the cipher block(s) before it.
          expect(s === 0 || s >= start - 32).toBe(true);
          expect(e).toBeLessThanOrEqual(end);
          read += e - s;
          return stored.subarray(s, e);
        };
        const out = await collect(
          decodeRange(reader, summary.params, passphrase, { unit: from, start, end }),
        );
        expect(out.equals(data.subarray(units[from]!.raw, units[to]!.raw))).toBe(true);
        expect(read).toBeLessThanOrEqual(end - start + 48);
      }
    });
  }

  it('refuses a wrong passphrase and a tampered record', async () => {
    const data = mixedData(4 * BLOCK);
    const { segments, summary } = await encodeAll(data, {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase: PASS,
      segmentSize: 1 << 20,
      blockSize: BLOCK,
    });
    const stored = Buffer.concat(segments);
    const u = summary.units;
    const range = { unit: 1, start: u[1]!.stored, end: u[2]!.stored };
    const read = async (s: number, e: number): Promise<Uint8Array> => stored.subarray(s, e);
    const wrong = await caught(() =>
      collect(decodeRange(read, summary.params, new TextEncoder().encode('nope'), range)),
    );
    expect(wrong.code).toBe('wrong-key');
    // The right bytes under the wrong index fail authentication: records cannot be swapped.
    const moved = await caught(() => collect(decodeRange(read, summary.params, PASS, { ...range, unit: 2 })));
    expect(moved.message).toMatch(/authentication/);
  });
});
