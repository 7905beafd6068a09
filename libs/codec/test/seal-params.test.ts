import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decode,
  isSealed,
  openSmall,
  parseStreamParams,
  passphraseFromFile,
  sealSmall,
  stockStreamParams,
} from '../src/index.js';
import { caught, chunksOf, encodeAll, wordData } from './helpers.js';

const key = Buffer.from('metadata key');

describe('sealSmall / openSmall', () => {
  it('round-trips, hides the content and is recognisable', async () => {
    const secret = Buffer.from(JSON.stringify({ files: ['etc/passwd', 'home/alice/notes.txt'] }));
    const sealed = await sealSmall(secret, key);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(secret)).toBe(false);
    expect(Buffer.from(sealed).includes(Buffer.from('alice'))).toBe(false);
    expect(Buffer.from(await openSmall(sealed, key)).equals(secret)).toBe(true);
    // Fresh salt and nonce each time: equal plaintexts do not give equal objects.
    expect(Buffer.from(await sealSmall(secret, key)).equals(Buffer.from(sealed))).toBe(false);
  });

  it('a wrong key or one flipped bit is a CodecError', async () => {
    const sealed = Buffer.from(await sealSmall(Buffer.from('payload'), key));
    expect((await caught(() => openSmall(sealed, Buffer.from('other')))).code).toBe('wrong-key');
    for (const position of [20, 45, sealed.length - 20, sealed.length - 1]) {
      const damaged = Buffer.from(sealed);
      damaged[position] = (damaged[position] as number) ^ 0x80;
      const err = await caught(() => openSmall(damaged, key));
      expect(err).toBeInstanceOf(CodecError);
    }
    expect((await caught(() => openSmall(sealed.subarray(0, 30), key))).code).toBe('truncated');
    expect((await caught(() => openSmall(Buffer.from('{"plain":true}'), key))).code).toBe('corrupt');
  });

  it('a stable salt still gives distinct ciphertexts and opens with the same key', async () => {
    const salt = Buffer.alloc(16, 7);
    const a = await sealSmall(Buffer.from('same'), key, { salt });
    const b = await sealSmall(Buffer.from('same'), key, { salt });
    expect(Buffer.from(a).subarray(12, 28).equals(salt)).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(await openSmall(b, key)).toString()).toBe('same');
  });
});

describe('parseStreamParams', () => {
  it('accepts what encode produced and the stock shape', async () => {
    const { summary } = await encodeAll(wordData(1000), {
      compression: 'zstd',
      encryption: 'aes-256-gcm',
      passphrase: key,
      segmentSize: 512,
    });
    expect(parseStreamParams(JSON.parse(JSON.stringify(summary.params)))).toEqual(summary.params);
    expect(parseStreamParams(stockStreamParams('bzip2', true))).toEqual(stockStreamParams('bzip2', true));
  });

  it.each([
    ['null', null],
    ['wrong version', { ...stockStreamParams('gzip', false), codec_version: 2 }],
    ['unknown compression', { ...stockStreamParams('gzip', false), compression: 'lz4' }],
    ['framed without gcm or zstd', { ...stockStreamParams('gzip', false), layout: 'framed', block_size: 10 }],
    ['zero segment size', { ...stockStreamParams('gzip', false), segment_size: 0 }],
    [
      'gcm without kdf',
      { ...stockStreamParams('gzip', false), layout: 'framed', encryption: 'aes-256-gcm', block_size: 10 },
    ],
  ])('rejects %s as corrupt metadata', (_name, value) => {
    try {
      parseStreamParams(value);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).code).toBe('corrupt');
    }
  });
});

describe('external tools', () => {
  it('a missing compressor binary is CodecError "tool" naming the apt package', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const err = await caught(() =>
        encodeAll(wordData(5000), { compression: 'xz', encryption: 'none', segmentSize: 1 << 20 }),
      );
      expect(err).toBeInstanceOf(CodecError);
      expect(err.code).toBe('tool');
      expect(err.message).toBe('xz not found (install it: apt-get install -y xz-utils)');
    } finally {
      process.env.PATH = path;
    }
  });

  it('garbage given to a decompressor is corrupt data, not a tool failure', async () => {
    const params = stockStreamParams('bzip2', false);
    const err = await caught(async () => {
      for await (const _ of decode(chunksOf(Buffer.from('BZh9 definitely not bzip2 data')), params));
    });
    expect(err.code).toBe('corrupt');
  });
});

describe('passphraseFromFile', () => {
  it('takes the first line without its newline, like openssl -pass file:', () => {
    expect(Buffer.from(passphraseFromFile(Buffer.from('secret\nsecond\n'))).toString()).toBe('secret');
    expect(Buffer.from(passphraseFromFile(Buffer.from('no newline'))).toString()).toBe('no newline');
    expect(Buffer.from(passphraseFromFile(Buffer.from('crlf\r\n'))).toString()).toBe('crlf\r');
  });
});
