import { describe, expect, it } from 'vitest';
import { decode, encode, type EncodeOptions } from '../src/index.js';
import { chunksOf, mixedData } from './helpers.js';

const KIB = 1024;

/** Encodes `data`, copying each segment out before pulling the next (what the local driver does). */
async function encodeCopying(data: Buffer, opts: EncodeOptions) {
  const encoded = encode(chunksOf(data), opts);
  const copies: Buffer[] = [];
  const memories = new Set<ArrayBufferLike>();
  for await (const segment of encoded.segments) {
    copies.push(Buffer.from(segment));
    memories.add(segment.buffer);
  }
  return { copies, memories, summary: await encoded.summary };
}

describe('segment buffers are reused only when the consumer says how many it holds', () => {
  const data = mixedData(3 * 1024 * KIB);
  const base: EncodeOptions = {
    compression: 'zstd',
    encryption: 'aes-256-gcm',
    passphrase: Buffer.from('reuse'),
    segmentSize: 64 * KIB,
  };

  it('with segmentsHeld 0 every segment is cut into the same memory, and the stream decodes', async () => {
    const { copies, memories, summary } = await encodeCopying(data, { ...base, segmentsHeld: 0 });
    expect(copies.length).toBeGreaterThan(10);
    expect(memories.size).toBe(1);
    const out: Buffer[] = [];
    for await (const chunk of decode(chunksOf(Buffer.concat(copies)), summary.params, base.passphrase, {
      expected: summary.segments,
    }))
      out.push(Buffer.from(chunk));
    expect(Buffer.concat(out).equals(data)).toBe(true);
  });

  it('with segmentsHeld 2 three buffers take turns', async () => {
    const { memories } = await encodeCopying(data, { ...base, segmentsHeld: 2 });
    expect(memories.size).toBe(3);
  });

  it('without it every segment has memory of its own', async () => {
    const { copies, memories } = await encodeCopying(data, base);
    expect(memories.size).toBe(copies.length);
  });
});

/** Yields `data` through one buffer that is overwritten on every pull: a storage reusing its reads. */
async function* throughOneBuffer(data: Buffer, chunk: number): AsyncGenerator<Uint8Array> {
  const reused = Buffer.alloc(chunk);
  for (let offset = 0; offset < data.length; offset += chunk) {
    const n = data.copy(reused, 0, offset, offset + chunk);
    yield reused.subarray(0, n);
    reused.fill(0xee);
  }
}

describe('a checked framed stream decodes through one reused segment buffer', () => {
  const data = mixedData(1536 * KIB + 777);
  const passphrase = Buffer.from('reuse');
  // Segments shorter than a record and not aligned with records or reads, so records span segments.
  // (gzip and none without encryption are the plain layout, which keeps its own chunks.)
  const cases = [
    { compression: 'zstd', encrypted: true },
    { compression: 'zstd', encrypted: false },
    { compression: 'gzip', encrypted: true },
    { compression: 'none', encrypted: true },
  ] as const;
  for (const { compression, encrypted } of cases) {
    {
      it(`${compression}, ${encrypted ? 'encrypted' : 'not encrypted'}: the output is the input`, async () => {
        const opts: EncodeOptions = {
          compression,
          encryption: encrypted ? 'aes-256-gcm' : 'none',
          segmentSize: 50_000,
          blockSize: 128 * KIB,
          ...(encrypted ? { passphrase } : {}),
        };
        const { copies, summary } = await encodeCopying(data, opts);
        expect(summary.params.layout).toBe('framed');
        const decoded = decode(throughOneBuffer(Buffer.concat(copies), 33_333), summary.params, passphrase, {
          expected: summary.segments,
        });
        const out: Buffer[] = [];
        for await (const chunk of decoded) out.push(Buffer.from(chunk));
        expect(Buffer.concat(out).equals(data)).toBe(true);
      });
    }
  }
});
