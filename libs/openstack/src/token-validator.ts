import { OpenStackError, errorDetail } from './errors.js';
import {
  type IssuedToken,
  type KeystoneToken,
  type PasswordCredentials,
  identityV3,
  passwordAuth,
} from './keystone-auth.js';

export interface ValidatorOptions {
  /** The service user that may validate others' tokens (Keystone's `service` or `admin` role). */
  service: PasswordCredentials;
  /** The longest a validated token is trusted without asking again: the revocation delay, seconds. */
  cacheSeconds: number;
  /** Tokens are dropped this long before they expire, seconds. */
  expiryMarginSeconds?: number;
  /** Largest number of cached tokens (oldest dropped first). */
  maxEntries?: number;
  now?: () => number;
}

interface Cached {
  token: KeystoneToken;
  until: number;
}

/**
 * Validates users' tokens with Keystone (GET /v3/auth/tokens, X-Subject-Token) using a service token,
 * and remembers each answer until shortly before the token expires and at most `cacheSeconds`, so a
 * revoked token stops working within that limit. Unknown or expired tokens are not remembered.
 */
export class KeystoneTokenValidator {
  private service: IssuedToken | undefined;
  private readonly cache = new Map<string, Cached>();
  private readonly now: () => number;

  constructor(private readonly options: ValidatorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The token's body, or undefined when Keystone says it is unknown, expired or revoked. */
  async validate(subject: string): Promise<KeystoneToken | undefined> {
    const hit = this.cache.get(subject);
    if (hit && hit.until > this.now()) return hit.token;
    this.cache.delete(subject);
    const token = await this.ask(subject, false);
    if (token) this.remember(subject, token);
    return token;
  }

  private remember(subject: string, token: KeystoneToken): void {
    const margin = (this.options.expiryMarginSeconds ?? 30) * 1000;
    const until = Math.min(
      this.now() + this.options.cacheSeconds * 1000,
      Date.parse(token.expires_at) - margin,
    );
    if (until <= this.now()) return;
    if (this.cache.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(subject, { token, until });
  }

  private async serviceToken(renew: boolean): Promise<string> {
    const margin = 60_000;
    if (renew || !this.service || this.service.expiresAt - margin <= this.now()) {
      this.service = await passwordAuth(this.options.service);
    }
    return this.service.token;
  }

  private async ask(subject: string, retried: boolean): Promise<KeystoneToken | undefined> {
    const url = `${identityV3(this.options.service.authUrl)}/auth/tokens?nocatalog`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { 'X-Auth-Token': await this.serviceToken(retried), 'X-Subject-Token': subject },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      if (err instanceof OpenStackError) throw err;
      throw new OpenStackError(`Keystone at ${url} is unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (res.status === 200) return (JSON.parse(text) as { token: KeystoneToken }).token;
    if (res.status === 404) return undefined;
    // Our own service token expired or was revoked: log in again once.
    if (res.status === 401 && !retried) return this.ask(subject, true);
    throw new OpenStackError(
      `Keystone could not validate a token (${res.status}): ${errorDetail(text)}`,
      res.status,
    );
  }
}
