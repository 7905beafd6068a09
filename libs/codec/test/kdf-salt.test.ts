import { describe, expect, it } from 'vitest';
import { newKdfSalt } from '../src/index.js';
import { caught, decodeAll, encodeAll, mixedData } from './helpers.js';

const PASS = new TextEncoder().encode('shared salt');

describe('EncodeOptions.kdfSalt', () => {
  it('streams given one salt record it, and each still decodes on its own', async () => {
    const kdfSalt = newKdfSalt();
    const a = mixedData(100_000);
    const b = mixedData(70_000);
    const opts = {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase: PASS,
      segmentSize: 1 << 20,
      kdfSalt,
    } as const;
    const ea = await encodeAll(a, opts);
    const eb = await encodeAll(b, opts);
    expect(ea.summary.params.kdf?.salt).toBe(kdfSalt);
    expect(eb.summary.params.kdf?.salt).toBe(kdfSalt);
    // Same derived key, different random data keys.
    expect(ea.summary.params.key_check).not.toBe(eb.summary.params.key_check);
    expect((await decodeAll(Buffer.concat(ea.segments), ea.summary.params, PASS)).equals(a)).toBe(true);
    expect((await decodeAll(Buffer.concat(eb.segments), eb.summary.params, PASS)).equals(b)).toBe(true);
    const fresh = await encodeAll(a, { ...opts, kdfSalt: undefined });
    expect(fresh.summary.params.kdf?.salt).not.toBe(kdfSalt);
  });

  it('refuses a salt of the wrong length', async () => {
    const err = await caught(() =>
      encodeAll(mixedData(10), {
        compression: 'zstd',
        encryption: 'aes-256-gcm',
        passphrase: PASS,
        segmentSize: 1024,
        kdfSalt: Buffer.alloc(8).toString('base64'),
      }),
    );
    expect(err.message).toMatch(/kdfSalt must be 16 bytes/);
  });
});
