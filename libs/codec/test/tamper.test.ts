import { describe, expect, it } from 'vitest';
import {
  decode,
  verify,
  type CompressionName,
  type EncryptionFormat,
  type SegmentDigest,
  type StreamParams,
} from '../src/index.js';
import { chunksOf, encodeAll, mixedData } from './helpers.js';

const passphrase = Buffer.from('the right key');
const wrongKey = Buffer.from('the wrong key');
const data = mixedData(1_500_000);
const SEGMENT = 100_000;

type Damage = 'flip' | 'truncate' | 'drop' | 'swap';

function damage(segments: Buffer[], kind: Damage): Buffer {
  const copy: Buffer[] = segments.map((s) => Buffer.from(s));
  switch (kind) {
    case 'flip': {
      const target = copy[4] as Buffer;
      target[50_000] = (target[50_000] as number) ^ 0x01;
      return Buffer.concat(copy);
    }
    case 'truncate':
      return Buffer.concat(copy).subarray(0, -1000);
    case 'drop':
      copy.splice(4, 1);
      return Buffer.concat(copy);
    case 'swap':
      [copy[3], copy[4]] = [copy[4] as Buffer, copy[3] as Buffer];
      return Buffer.concat(copy);
  }
}

interface Outcome {
  code: string | undefined;
  message: string;
  output: Buffer;
}

async function attemptDecode(
  stored: Buffer,
  params: StreamParams,
  key?: Uint8Array,
  expected?: SegmentDigest[],
): Promise<Outcome> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of decode(chunksOf(stored, 40_000), params, key, expected ? { expected } : {}))
      parts.push(Buffer.from(chunk));
  } catch (err) {
    const e = err as { code?: string; message: string; name: string };
    expect(e.name).toBe('CodecError');
    expect(e.message).not.toContain('\n');
    return { code: e.code, message: e.message, output: Buffer.concat(parts) };
  }
  return { code: undefined, message: '', output: Buffer.concat(parts) };
}

async function attemptVerify(
  stored: Buffer,
  params: StreamParams,
  expected: SegmentDigest[],
  key?: Uint8Array,
): Promise<string | undefined> {
  try {
    await verify(chunksOf(stored, 65_536), params, expected, key);
  } catch (err) {
    expect((err as Error).name).toBe('CodecError');
    return (err as { code?: string }).code;
  }
  return undefined;
}

const isPrefixOfInput = (output: Buffer): boolean => data.subarray(0, output.length).equals(output);

const VERIFY_CODES: Record<Damage, string> = {
  flip: 'corrupt',
  truncate: 'truncated',
  drop: 'corrupt',
  swap: 'corrupt',
};

describe.each([
  ['zstd', 'aes-256-gcm'],
  ['gzip', 'aes-256-gcm'],
  ['zstd', 'none'],
  ['gzip', 'openssl'],
  ['xz', 'openssl'],
  ['gzip', 'none'],
  ['none', 'none'],
] as [CompressionName, EncryptionFormat][])('%s + %s', (compression, encryption) => {
  const key = encryption === 'none' ? undefined : passphrase;
  const encoded = encodeAll(data, {
    compression,
    encryption,
    passphrase: key,
    segmentSize: SEGMENT,
    blockSize: 64 * 1024,
  });

  it.each(['flip', 'truncate', 'drop', 'swap'] as Damage[])(
    '%s: verify() reports it and decode() with digests yields only a verified prefix',
    async (kind) => {
      const { segments, summary } = await encoded;
      expect(segments.length).toBeGreaterThan(5);
      const stored = damage(segments, kind);
      expect(await attemptVerify(stored, summary.params, summary.segments, key)).toBe(VERIFY_CODES[kind]);
      const outcome = await attemptDecode(stored, summary.params, key, summary.segments);
      expect(outcome.code).toBe(VERIFY_CODES[kind]);
      expect(isPrefixOfInput(outcome.output)).toBe(true);
    },
  );

  it('the undamaged stream verifies', async () => {
    const { segments, summary } = await encoded;
    expect(
      await attemptVerify(Buffer.concat(segments), summary.params, summary.segments, key),
    ).toBeUndefined();
  });

  if (encryption !== 'none') {
    it('a wrong key: CodecError wrong-key from verify() and from decode() before any output', async () => {
      const { segments, summary } = await encoded;
      const stored = Buffer.concat(segments);
      expect(await attemptVerify(stored, summary.params, summary.segments, wrongKey)).toBe('wrong-key');
      const outcome = await attemptDecode(stored, summary.params, wrongKey);
      expect(outcome.code).toBe('wrong-key');
      expect(outcome.output.length).toBe(0);
    });

    it('no key: decode() says missing-key; verify() still checks the digests', async () => {
      const { segments, summary } = await encoded;
      expect((await attemptDecode(Buffer.concat(segments), summary.params)).code).toBe('missing-key');
      expect(await attemptVerify(damage(segments, 'flip'), summary.params, summary.segments)).toBe('corrupt');
    });
  }
});

describe('framed streams detect damage without the digests', () => {
  it.each([
    ['zstd', 'aes-256-gcm'],
    ['zstd', 'none'],
  ] as [CompressionName, EncryptionFormat][])(
    '%s + %s: every damage is a CodecError and only authentic data is yielded',
    async (compression, encryption) => {
      const key = encryption === 'none' ? undefined : passphrase;
      const { segments, summary } = await encodeAll(data, {
        compression,
        encryption,
        passphrase: key,
        segmentSize: SEGMENT,
        blockSize: 64 * 1024,
      });
      const expectations: Record<Damage, string[]> = {
        flip: ['corrupt'],
        truncate: ['truncated'],
        // A dropped segment misaligns the records: either a record fails its tag/CRC or its header is invalid.
        drop: ['corrupt'],
        swap: ['corrupt'],
      };
      for (const kind of ['flip', 'truncate', 'drop', 'swap'] as Damage[]) {
        const outcome = await attemptDecode(damage(segments, kind), summary.params, key);
        expect(expectations[kind], `${kind}: ${outcome.message}`).toContain(outcome.code);
        expect(isPrefixOfInput(outcome.output)).toBe(true);
      }
    },
  );

  it('a final record dropped at a record boundary is reported as truncated', async () => {
    const { segments, summary } = await encodeAll(Buffer.alloc(0), {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase,
      segmentSize: SEGMENT,
    });
    // header only, no records at all
    const headerOnly = Buffer.concat(segments).subarray(0, 96);
    expect((await attemptDecode(headerOnly, summary.params, passphrase)).code).toBe('truncated');
  });

  it('params that do not match the stream header are rejected', async () => {
    const a = await encodeAll(data, {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase,
      segmentSize: SEGMENT,
    });
    const b = await encodeAll(data, {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase,
      segmentSize: SEGMENT,
    });
    // Stream b read with the params (and so the key) of stream a.
    const outcome = await attemptDecode(Buffer.concat(b.segments), a.summary.params, passphrase);
    expect(outcome.code).toBe('corrupt');
    expect(outcome.output.length).toBe(0);
  });
});
