import { createHash, randomBytes } from 'node:crypto';

/** Prefixes make a leaked secret recognisable (and greppable by secret scanners). */
export const API_TOKEN_PREFIX = 'fzt_';
export const IDENTITY_TOKEN_PREFIX = 'fzi_';
export const SESSION_PREFIX = 'fzs_';

export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Tokens and session ids are stored only as this hash; they have 256 bits, so no salt or KDF. */
export const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');
