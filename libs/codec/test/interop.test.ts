import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, passphraseFromFile, stockStreamParams, type CompressionName } from '../src/index.js';
import { evpBytesToKey, opensslEncrypt } from '../src/openssl.js';
import { chunksOf, collect, decodeAll, encodeAll, mixedData, wordData } from './helpers.js';
import { requireBinaries, sh } from './cli.js';

let dir: string;
let tree: string;
let passFile: string;
let wrongPassFile: string;
let tarball: Buffer;

beforeAll(() => {
  requireBinaries('openssl', 'gzip', 'tar', 'bzip2', 'xz', 'zstd');
  dir = mkdtempSync(join(tmpdir(), 'codec-interop-'));
  tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub/deeper'), { recursive: true });
  writeFileSync(join(tree, 'words.txt'), wordData(700_000));
  writeFileSync(join(tree, 'sub/mixed.bin'), mixedData(1_300_000));
  writeFileSync(join(tree, 'sub/deeper/empty'), '');
  passFile = join(dir, 'pass');
  // The stock agent's pass file: openssl uses the first line, without its newline.
  writeFileSync(passFile, 'stock pass phrase\nsecond line ignored\n');
  wrongPassFile = join(dir, 'wrong');
  writeFileSync(wrongPassFile, 'not the pass phrase\n');
  tarball = sh(`tar -c -C ${tree} .`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pass = (): Uint8Array => passphraseFromFile(readFileSync(passFile));

function extractAndCompare(command: string): void {
  const out = mkdtempSync(join(dir, 'out-'));
  sh(`${command} | tar -x -C ${out}`);
  sh(`diff -r ${tree} ${out}`);
}

describe('our plain output read by the real CLIs', () => {
  it('gzip + openssl: `openssl enc -d -aes-256-cfb -pass file:F | tar -xz` (the stock restore pipeline)', async () => {
    const { segments, summary } = await encodeAll(tarball, {
      compression: 'gzip',
      encryption: 'openssl',
      passphrase: pass(),
      segmentSize: 300_000,
      blockSize: 256 * 1024,
    });
    const data = join(dir, 'gz-openssl.data');
    writeFileSync(data, Buffer.concat(segments));
    expect(summary.segments.length).toBeGreaterThan(1);
    expect(readFileSync(data).subarray(0, 8).toString('latin1')).toBe('Salted__');
    // Exactly the stock agent's restore pipeline (tar_builders.py).
    const out = mkdtempSync(join(dir, 'stock-restore-'));
    sh(
      `openssl enc -d -aes-256-cfb -pass file:${passFile} -in ${data} 2>/dev/null | ` +
        `tar -z --incremental --extract --ignore-zeros --warning=none --overwrite --directory ${out}`,
    );
    sh(`diff -r ${tree} ${out}`);
  });

  it.each([
    ['gzip', 'gzip -dc'],
    ['bzip2', 'bzip2 -dc'],
    ['xz', 'xz -dc'],
  ] as const)('%s (several independent blocks) is read by `%s`', async (compression, command) => {
    const { segments } = await encodeAll(tarball, {
      compression,
      encryption: 'none',
      segmentSize: 1 << 20,
      blockSize: 200_000,
    });
    const data = join(dir, `plain.${compression}`);
    writeFileSync(data, Buffer.concat(segments));
    expect(sh(`${command} ${data}`).equals(tarball)).toBe(true);
    extractAndCompare(`${command} ${data}`);
  });

  it('zstd + openssl is read by `openssl enc -d | zstd -d`', async () => {
    const { segments } = await encodeAll(tarball, {
      compression: 'zstd',
      encryption: 'openssl',
      passphrase: pass(),
      segmentSize: 1 << 20,
      blockSize: 300_000,
    });
    const data = join(dir, 'zstd-openssl.data');
    writeFileSync(data, Buffer.concat(segments));
    extractAndCompare(`openssl enc -d -aes-256-cfb -pass file:${passFile} -in ${data} | zstd -dcq`);
  });

  it('openssl CFB output is byte-for-byte what `openssl enc -aes-256-cfb -S salt` writes', async () => {
    const input = mixedData(500_001);
    const salt = Buffer.from('0123456789abcdef', 'hex');
    const ours = await collect(
      opensslEncrypt(chunksOf(input, 7_777), { salt, keys: evpBytesToKey(pass(), salt, 'sha256') }),
    );
    const theirs = sh(
      `openssl enc -aes-256-cfb -pass file:${passFile} -S 0123456789abcdef 2>/dev/null`,
      input,
    );
    expect(ours.subarray(0, 16).toString('hex')).toBe(
      Buffer.concat([Buffer.from('Salted__'), salt]).toString('hex'),
    );
    // With an explicit -S, OpenSSL 3 writes no "Salted__" header: compare what follows ours.
    expect(theirs.length).toBe(input.length);
    expect(ours.subarray(16).equals(theirs)).toBe(true);
  });
});

describe('stock-agent streams read by us', () => {
  it.each([
    ['gzip', '-z'],
    ['bzip2', '-j'],
    ['xz', '-J'],
  ] as const)('`tar %s | openssl enc -aes-256-cfb` decodes to the same tar', async (compression, flag) => {
    const stored = sh(
      `tar -c ${flag} -C ${tree} . | openssl enc -aes-256-cfb -pass file:${passFile} 2>/dev/null`,
    );
    const decoded = await decodeAll(stored, stockStreamParams(compression, true), pass());
    const out = mkdtempSync(join(dir, 'stock-'));
    sh(`tar -x -C ${out}`, decoded);
    sh(`diff -r ${tree} ${out}`);
  });

  it('an unencrypted stock tar.gz decodes', async () => {
    const stored = sh(`tar -cz -C ${tree} .`);
    expect((await decodeAll(stored, stockStreamParams('gzip', false))).equals(sh('gzip -dc', stored))).toBe(
      true,
    );
  });

  it('falls back to MD5 key derivation for streams written by OpenSSL 1.0 (-md md5)', async () => {
    const stored = sh(
      `tar -cz -C ${tree} . | openssl enc -aes-256-cfb -md md5 -pass file:${passFile} 2>/dev/null`,
    );
    const decoded = await decodeAll(stored, stockStreamParams('gzip', true), pass());
    expect(
      decoded.equals(
        sh(`openssl enc -d -aes-256-cfb -md md5 -pass file:${passFile} 2>/dev/null | gzip -dc`, stored),
      ),
    ).toBe(true);
  });

  it.each(['gzip', 'bzip2', 'xz'] as const)(
    'a wrong key on a stock %s stream fails with wrong-key before any output',
    async (compression: CompressionName) => {
      const flag = { gzip: '-z', bzip2: '-j', xz: '-J' }[compression as 'gzip' | 'bzip2' | 'xz'];
      const stored = sh(
        `tar -c ${flag} -C ${tree} . | openssl enc -aes-256-cfb -pass file:${wrongPassFile} 2>/dev/null`,
      );
      const yielded: Uint8Array[] = [];
      const err = await (async () => {
        try {
          for await (const chunk of decode(
            chunksOf(stored),
            stockStreamParams(compression as 'gzip', true),
            pass(),
          ))
            yielded.push(chunk);
        } catch (e) {
          return e as { code?: string; message: string };
        }
        return undefined;
      })();
      expect(err?.code).toBe('wrong-key');
      expect(yielded).toHaveLength(0);
    },
  );
});
