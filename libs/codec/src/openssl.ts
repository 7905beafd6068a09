import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { ByteReader } from './byte-reader.js';
import { CodecError } from './errors.js';
import { looksLike } from './compressors.js';
import type { CompressionName, StreamParams } from './types.js';

// Byte-compatible with `openssl enc -aes-256-cfb -pass file:F` (no -pbkdf2): "Salted__" ‖ salt(8) ‖
// AES-256-CFB128(data), key and IV from EVP_BytesToKey(digest, pass, salt, 1 iteration).

export const SALTED = Buffer.from('Salted__', 'latin1');
/** "Salted__" ‖ salt(8): the ciphertext starts after it. */
export const OPENSSL_HEADER_BYTES = 16;
const KEY_CHECK_LABEL = Buffer.from('freezer-codec openssl key check v1', 'latin1');

export type OpensslDigest = 'sha256' | 'md5';

export interface OpensslKey {
  key: Buffer;
  iv: Buffer;
}

export function evpBytesToKey(passphrase: Uint8Array, salt: Uint8Array, digest: OpensslDigest): OpensslKey {
  const parts: Buffer[] = [];
  let total = 0;
  let previous = Buffer.alloc(0);
  while (total < 48) {
    previous = createHash(digest).update(previous).update(passphrase).update(salt).digest();
    parts.push(previous);
    total += previous.length;
  }
  const material = Buffer.concat(parts);
  return { key: material.subarray(0, 32), iv: material.subarray(32, 48) };
}

export function opensslKeyCheck({ key, iv }: OpensslKey): string {
  return createHmac('sha256', Buffer.concat([key, iv]))
    .update(KEY_CHECK_LABEL)
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

export interface OpensslEncryption {
  salt: Buffer;
  keys: OpensslKey;
}

export function newOpensslEncryption(passphrase: Uint8Array): OpensslEncryption {
  const salt = randomBytes(8);
  return { salt, keys: evpBytesToKey(passphrase, salt, 'sha256') };
}

export async function* opensslEncrypt(
  source: AsyncIterable<Uint8Array>,
  { salt, keys }: OpensslEncryption,
): AsyncGenerator<Buffer> {
  const cipher = createCipheriv('aes-256-cfb', keys.key, keys.iv);
  yield Buffer.concat([SALTED, salt]);
  for await (const chunk of source) {
    const out = cipher.update(chunk);
    if (out.length > 0) yield out;
  }
  const last = cipher.final();
  if (last.length > 0) yield last;
}

/** The key and IV of a stream we wrote (it records a key check), or undefined for a wrong passphrase. */
export function checkedOpensslKeys(
  params: StreamParams,
  passphrase: Uint8Array,
  salt: Uint8Array,
): OpensslKey | undefined {
  const recorded = params.openssl ?? {};
  if (recorded.key_check === undefined) return undefined;
  const want = Buffer.from(recorded.key_check, 'hex');
  const digests: OpensslDigest[] = recorded.digest ? [recorded.digest] : ['sha256', 'md5'];
  return digests
    .map((digest) => evpBytesToKey(passphrase, salt, digest))
    .find((candidate) => {
      const got = Buffer.from(opensslKeyCheck(candidate), 'hex');
      return got.length === want.length && timingSafeEqual(got, want);
    });
}

/** How many ciphertext bytes to decrypt to recognise the compressed format (tar needs 262). */
const PROBE_BYTES = 512;

function probe(keys: OpensslKey, head: Buffer, compression: CompressionName): boolean {
  if (head.length === 0) return true;
  const plain = createDecipheriv('aes-256-cfb', keys.key, keys.iv).update(head);
  return looksLike(compression, plain);
}

/**
 * Read the `Salted__` header, find the key (checking it before any plaintext leaves), then decrypt the
 * rest. Streams we wrote carry a key check; stock streams are checked by decrypting their first bytes
 * and recognising the compressed format, trying SHA-256 then MD5 (OpenSSL 1.0) derivation.
 */
export async function* opensslDecrypt(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  passphrase: Uint8Array,
): AsyncGenerator<Buffer> {
  const reader = new ByteReader(stored);
  try {
    const header = await reader.readExact(16, 'the openssl header');
    if (header === null) throw new CodecError('truncated', 'encrypted stream is empty (no openssl header)');
    if (!header.subarray(0, 8).equals(SALTED)) {
      throw new CodecError('corrupt', 'encrypted stream does not start with the openssl "Salted__" header');
    }
    const salt = header.subarray(8, 16);
    const recorded = params.openssl ?? {};
    if (recorded.salt !== undefined && recorded.salt !== salt.toString('hex')) {
      throw new CodecError(
        'corrupt',
        'openssl salt in the stream differs from the one recorded in the metadata',
      );
    }
    const digests: OpensslDigest[] = recorded.digest ? [recorded.digest] : ['sha256', 'md5'];
    let keys: OpensslKey | undefined;
    if (recorded.key_check !== undefined) {
      keys = checkedOpensslKeys(params, passphrase, salt);
    } else {
      const head = await reader.peek(PROBE_BYTES);
      keys = digests
        .map((digest) => evpBytesToKey(passphrase, salt, digest))
        .find((candidate) => probe(candidate, head, params.compression));
    }
    if (keys === undefined)
      throw new CodecError('wrong-key', 'wrong encryption key (openssl stream does not decrypt)');
    const decipher = createDecipheriv('aes-256-cfb', keys.key, keys.iv);
    for await (const chunk of reader.rest()) {
      const out = decipher.update(chunk);
      if (out.length > 0) yield out;
    }
    const last = decipher.final();
    if (last.length > 0) yield last;
  } finally {
    await reader.close();
  }
}
