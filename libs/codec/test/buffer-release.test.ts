import { describe, expect, it } from 'vitest';
import { decode, encode, releaseBuffer, releaseFrees, type EncodeOptions } from '../src/index.js';
import { chunksOf, mixedData } from './helpers.js';

const KIB = 1024;

describe('releaseBuffer frees only memory a buffer owns whole', () => {
  it('is available in this Node (the agent relies on it for its memory ceiling)', () => {
    expect(releaseFrees).toBe(true);
  });

  it('frees a buffer that spans its whole ArrayBuffer', () => {
    const owned = Buffer.allocUnsafeSlow(256 * KIB).fill(7);
    releaseBuffer(owned);
    expect(owned.length).toBe(0);
  });

  it('leaves views of larger memory, small buffers and shared memory alone', () => {
    const big = Buffer.allocUnsafeSlow(256 * KIB).fill(1);
    const view = big.subarray(0, 128 * KIB);
    releaseBuffer(view);
    expect(view.length).toBe(128 * KIB);
    expect(big.length).toBe(256 * KIB);
    const tail = big.subarray(KIB);
    releaseBuffer(tail);
    expect(tail.length).toBe(255 * KIB);
    const small = Buffer.from('pooled memory is shared with other buffers');
    releaseBuffer(small);
    expect(small.toString()).toBe('pooled memory is shared with other buffers');
    const shared = Buffer.from(new SharedArrayBuffer(64 * KIB));
    releaseBuffer(shared);
    expect(shared.length).toBe(64 * KIB);
  });
});

describe('decode with lend and freeSource', () => {
  const data = mixedData(5 * 1024 * KIB);
  const cases: [string, Omit<EncodeOptions, 'segmentSize'>][] = [
    ['zstd + AES-256-GCM', { compression: 'zstd', encryption: 'aes-256-gcm', passphrase: Buffer.from('l') }],
    ['zstd', { compression: 'zstd', encryption: 'none' }],
    ['none + AES-256-GCM', { compression: 'none', encryption: 'aes-256-gcm', passphrase: Buffer.from('l') }],
    ['none', { compression: 'none', encryption: 'none' }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}: the output is intact, and each lent chunk is freed once the next is pulled`, async () => {
      const encoded = encode(chunksOf(data), { ...opts, segmentSize: 1024 * KIB, blockSize: 512 * KIB });
      const stored: Buffer[] = [];
      for await (const segment of encoded.segments) stored.push(Buffer.from(segment));
      const summary = await encoded.summary;
      // The source hands out fresh copies, as the storage drivers do: they are the decoder's to free.
      async function* fresh(): AsyncGenerator<Uint8Array> {
        for (const s of stored)
          for (let at = 0; at < s.length; at += 300 * KIB)
            yield Buffer.from(s.subarray(at, Math.min(at + 300 * KIB, s.length)));
      }
      const copies: Buffer[] = [];
      const lent: Buffer[] = [];
      for await (const chunk of decode(fresh(), summary.params, opts.passphrase, {
        expected: summary.segments,
        lend: true,
        freeSource: true,
      })) {
        copies.push(Buffer.from(chunk));
        lent.push(chunk as Buffer);
      }
      expect(Buffer.concat(copies).equals(data)).toBe(true);
      // An unencrypted, uncompressed block is a view of the decoder's segment buffer, not its own.
      const freed = lent.filter((c, i) => c.length === 0 && copies[i]!.length > 0).length;
      if (name === 'none') expect(freed).toBe(0);
      else expect(freed).toBe(lent.filter((c, i) => copies[i]!.length >= 16 * KIB).length);
    });
  }
});
