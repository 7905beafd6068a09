import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { CodecError } from './errors.js';
import { scryptLean } from './scrypt-lean.js';

/**
 * scrypt N=2^15, r=8, p=1: 32 MiB of table in the standard algorithm; scryptLean computes the same key
 * holding 8 MiB (~0.2–0.5 s per derivation, once per process and salt).
 */
export const DEFAULT_SCRYPT = { log2N: 15, r: 8, p: 1 } as const;
export const SALT_BYTES = 16;

/** A fresh scrypt salt for EncodeOptions.kdfSalt (base64). */
export const newKdfSalt = (): string => randomBytes(SALT_BYTES).toString('base64');

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

function checkCost({ log2N, r, p }: ScryptCost): void {
  // Bounds keep a hostile header from asking for gigabytes of memory or hours of CPU.
  if (!(log2N >= 10 && log2N <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) {
    throw new CodecError('unsupported', `scrypt parameters out of range (log2 N=${log2N}, r=${r}, p=${p})`);
  }
}

const cache = new Map<string, Promise<Buffer>>();
const CACHE_LIMIT = 16;

/** 32-byte key; derivations are cached per process (keyed by a hash of passphrase, salt and cost). */
export function deriveKey(passphrase: Uint8Array, salt: Uint8Array, cost: ScryptCost): Promise<Buffer> {
  checkCost(cost);
  const id = createHash('sha256')
    .update(passphrase)
    .update(salt)
    .update(`${cost.log2N}/${cost.r}/${cost.p}`)
    .digest('hex');
  const hit = cache.get(id);
  if (hit) return hit;
  const N = 2 ** cost.log2N;
  const derived = scryptLean(passphrase, salt, N, cost.r, cost.p, 32).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new CodecError('unsupported', `scrypt failed: ${message}`, { cause: err });
  });
  derived.catch(() => cache.delete(id));
  cache.set(id, derived);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return derived;
}

export const WRAPPED_KEY_BYTES = 12 + 32 + 16;

/** Seal a random 32-byte data key under `kek`: nonce(12) ‖ ciphertext(32) ‖ tag(16). */
export function wrapKey(kek: Buffer, dataKey: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

/** Opening the wrapped key is the key check: a wrong passphrase fails the GCM tag. */
export function unwrapKey(kek: Buffer, wrapped: Buffer, aad: Buffer): Buffer {
  if (wrapped.length !== WRAPPED_KEY_BYTES)
    throw new CodecError('corrupt', 'wrapped data key has the wrong length');
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(wrapped.subarray(44, 60));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(12, 44)), decipher.final()]);
  } catch {
    throw new CodecError('wrong-key', 'wrong encryption key (the data key does not unwrap)');
  }
}
