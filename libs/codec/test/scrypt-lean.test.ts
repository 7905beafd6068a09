import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scryptLean } from '../src/scrypt-lean.js';

describe('scryptLean computes what node:crypto scrypt computes', () => {
  it('at the default cost (N=2^15, r=8, p=1)', async () => {
    const pass = Buffer.from('correct horse battery staple');
    const salt = randomBytes(16);
    const want = scryptSync(pass, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect((await scryptLean(pass, salt, 2 ** 15, 8, 1, 32)).equals(want)).toBe(true);
  });

  it('for other costs, lengths, passphrases and salts (24 random cases)', async () => {
    for (let i = 0; i < 24; i++) {
      const n = 2 ** (1 + (i % 9));
      const r = 1 + (i % 5);
      const p = 1 + (i % 3);
      const length = [16, 32, 64, 65][i % 4] as number;
      const pass = randomBytes(i % 7 === 0 ? 0 : 1 + (i % 40));
      const salt = randomBytes(i % 11);
      const want = scryptSync(pass, salt, length, { N: n, r, p });
      const got = await scryptLean(pass, salt, n, r, p, length);
      expect(got.toString('hex'), `N=${n} r=${r} p=${p}`).toBe(want.toString('hex'));
    }
  });

  it('matches the RFC 7914 test vector (N=16, r=1, p=1, empty passphrase and salt)', async () => {
    const got = await scryptLean(Buffer.alloc(0), Buffer.alloc(0), 16, 1, 1, 64);
    expect(got.toString('hex')).toBe(
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442' +
        'fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    );
  });
});
