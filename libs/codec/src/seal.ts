import { CodecError } from './errors.js';

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
  options?: SealOptions,
): Promise<Uint8Array> {
  void data;
  void passphrase;
  void options;
  throw new CodecError('unsupported', 'sealSmall: not implemented yet');
}

/** Inverse of sealSmall; CodecError 'wrong-key' or 'corrupt'. */
export async function openSmall(sealed: Uint8Array, passphrase: Uint8Array): Promise<Uint8Array> {
  void sealed;
  void passphrase;
  throw new CodecError('unsupported', 'openSmall: not implemented yet');
}

/** True when `data` starts with the sealSmall magic (so readers can accept sealed and clear objects). */
export function isSealed(data: Uint8Array): boolean {
  void data;
  return false;
}
