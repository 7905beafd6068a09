export interface AuthOptions {
  /** Off (the default): no credentials, loopback only, X-User-Id picks the user (stock no-auth). */
  enabled: boolean;
  /** Always mark the session cookie Secure (otherwise only on HTTPS requests). */
  secureCookies?: boolean;
  /** Web login session lifetime in seconds (default 12 h). */
  sessionTtl?: number;
  /** Lifetime of tokens from /v3/auth/tokens in seconds (default 24 h, like Keystone). */
  identityTokenTtl?: number;
}

export interface AuthSettings {
  enabled: boolean;
  secureCookies: boolean;
  sessionTtl: number;
  identityTokenTtl: number;
}

export function authSettings(options: AuthOptions | undefined): AuthSettings {
  return {
    enabled: options?.enabled ?? false,
    secureCookies: options?.secureCookies ?? false,
    sessionTtl: options?.sessionTtl ?? 12 * 3600,
    identityTokenTtl: options?.identityTokenTtl ?? 24 * 3600,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthSettings;
  }
}
