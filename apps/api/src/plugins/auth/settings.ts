import type { KeystoneToken } from '@freezer/openstack';

/** A cloud's Keystone beside (or instead of) our own users and tokens. */
export interface KeystoneAuth {
  /** Keystone's answer for a user's token (cached), undefined when unknown, expired or revoked. */
  validate(token: string): Promise<KeystoneToken | undefined>;
  /** Dashboard login with Keystone credentials: a project-scoped token, or a refusal. */
  login(
    username: string,
    password: string,
    project?: string,
  ): Promise<{ token: string; body: KeystoneToken }>;
  /** Our own users and tokens keep working beside Keystone's (default true). */
  localUsers: boolean;
}

export interface AuthOptions {
  /** Off (the default): no credentials, loopback only, X-User-Id picks the user (stock no-auth). */
  enabled: boolean;
  /** Always mark the session cookie Secure (otherwise only on HTTPS requests). */
  secureCookies?: boolean;
  /** Web login session lifetime in seconds (default 12 h). */
  sessionTtl?: number;
  /** Lifetime of tokens from /v3/auth/tokens in seconds (default 24 h, like Keystone). */
  identityTokenTtl?: number;
  /** Validate unknown tokens with a cloud's Keystone. */
  keystone?: KeystoneAuth;
}

export interface AuthSettings {
  enabled: boolean;
  secureCookies: boolean;
  sessionTtl: number;
  identityTokenTtl: number;
  keystone: KeystoneAuth | undefined;
}

export function authSettings(options: AuthOptions | undefined): AuthSettings {
  return {
    enabled: options?.enabled ?? false,
    secureCookies: options?.secureCookies ?? false,
    sessionTtl: options?.sessionTtl ?? 12 * 3600,
    identityTokenTtl: options?.identityTokenTtl ?? 24 * 3600,
    keystone: options?.keystone,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthSettings;
  }
}
