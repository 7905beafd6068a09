import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CodecError } from './errors.js';
import { DEFAULT_SCRYPT, SALT_BYTES, deriveKey } from './kdf.js';

// "FRZSEAL1" ‖ log2N ‖ r ‖ p ‖ 0 ‖ salt(16) ‖ nonce(12) ‖ AES-256-GCM(data) ‖ tag(16);
// the first 40 bytes are the AAD. See docs/agent-formats.md.
const MAGIC = Buffer.from('FRZSEAL1', 'latin1');
const AAD_BYTES = 8 + 4 + SALT_BYTES + 12;
const TAG_BYTES = 16;

export interface SealOptions {
  /**
   * 16-byte scrypt salt. Default: random. Passing a stable salt per backup identity lets one process
   * derive the key once (derived keys are cached per process) instead of once per object.
   */
  salt?: Uint8Array;
}

/** AES-256-GCM with an scrypt-derived key, for small objects (metadata that names files). */
export async function sealSmall(
  data: Uint8Array,
  passphrase: Uint8Array,
  options: SealOptions = {},
): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new CodecError('missing-key', 'sealing needs a non-empty passphrase');
  const salt = options.salt ? Buffer.from(options.salt) : randomBytes(SALT_BYTES);
  if (salt.length !== SALT_BYTES)
    throw new CodecError('unsupported', `seal salt must be ${SALT_BYTES} bytes`);
  const cost = DEFAULT_SCRYPT;
  const key = await deriveKey(passphrase, salt, cost);
  const aad = Buffer.concat([MAGIC, Buffer.from([cost.log2N, cost.r, cost.p, 0]), salt, randomBytes(12)]);
  const cipher = createCipheriv('aes-256-gcm', key, aad.subarray(AAD_BYTES - 12));
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([aad, sealed, cipher.getAuthTag()]);
}

/** True when `data` starts with the sealSmall magic (so readers can accept sealed and clear objects). */
export function isSealed(data: Uint8Array): boolean {
  return data.length >= MAGIC.length && MAGIC.equals(data.subarray(0, MAGIC.length));
}

/** Inverse of sealSmall. CodecError 'wrong-key' when the tag fails (wrong passphrase or damaged object). */
export async function openSmall(sealed: Uint8Array, passphrase: Uint8Array): Promise<Uint8Array> {
  if (!isSealed(sealed)) throw new CodecError('corrupt', 'object is not sealed (no FRZSEAL1 header)');
  if (sealed.length < AAD_BYTES + TAG_BYTES) throw new CodecError('truncated', 'sealed object is too short');
  if (passphrase.length === 0)
    throw new CodecError('missing-key', 'the object is encrypted: give its passphrase');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  if (bytes[11] !== 0) throw new CodecError('corrupt', 'sealed object header is damaged');
  const cost = { log2N: bytes[8] as number, r: bytes[9] as number, p: bytes[10] as number };
  const salt = bytes.subarray(12, 12 + SALT_BYTES);
  const key = await deriveKey(passphrase, salt, cost);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(AAD_BYTES - 12, AAD_BYTES));
  decipher.setAAD(bytes.subarray(0, AAD_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const plain = decipher.update(bytes.subarray(AAD_BYTES, bytes.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    // GCM cannot tell a wrong key from a damaged object; the wrong key is by far the common case.
    throw new CodecError('wrong-key', 'wrong encryption key, or the encrypted object is damaged');
  }
  return plain;
}
