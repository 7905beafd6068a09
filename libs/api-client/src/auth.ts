import { ApiError, ApiUnreachableError, describeErrorBody } from './errors.js';
import type { Transport } from './transport.js';

/** Keystone v3 credentials: a password (user + project scope) or an existing token. */
export interface KeystoneCredentials {
  authUrl: string;
  username?: string;
  password?: string;
  userDomainName?: string;
  /** An existing token; used as the identity method when no password is given. */
  token?: string;
  projectId?: string;
  projectName?: string;
  projectDomainName?: string;
}

export interface IssuedToken {
  token: string;
  projectId?: string;
  userId?: string;
  expiresAt?: number;
  /** The public URL of the `backup` service in the catalog, when there is one. */
  backupUrl?: string;
}

interface CatalogEntry {
  type?: string;
  endpoints?: { interface?: string; url?: string }[];
}

interface TokenBody {
  token?: {
    project?: { id?: string };
    user?: { id?: string };
    expires_at?: string;
    catalog?: CatalogEntry[];
  };
}

function scopeOf(c: KeystoneCredentials): Record<string, unknown> | undefined {
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) {
    return { project: { name: c.projectName, domain: { name: c.projectDomainName ?? 'Default' } } };
  }
  return undefined;
}

function identityOf(c: KeystoneCredentials): Record<string, unknown> {
  if (c.username && c.password !== undefined) {
    return {
      methods: ['password'],
      password: {
        user: { name: c.username, password: c.password, domain: { name: c.userDomainName ?? 'Default' } },
      },
    };
  }
  if (c.token) return { methods: ['token'], token: { id: c.token } };
  throw new Error('keystone auth needs a username and password, or a token');
}

/** `POST {authUrl}/auth/tokens`: one token with its project and catalog. */
export async function issueToken(transport: Transport, c: KeystoneCredentials): Promise<IssuedToken> {
  const url = `${c.authUrl.replace(/\/+$/, '')}/auth/tokens`;
  const scope = scopeOf(c);
  const body = JSON.stringify({ auth: { identity: identityOf(c), ...(scope ? { scope } : {}) } });
  let res;
  try {
    res = await transport({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
  } catch (err) {
    throw new ApiUnreachableError(url, err);
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ApiError(res.status, `identity: ${describeErrorBody(res.status, res.text)}`, 'POST', url);
  }
  const token = res.header('x-subject-token');
  if (!token) throw new ApiError(res.status, 'identity: reply has no X-Subject-Token header', 'POST', url);
  let parsed: TokenBody = {};
  try {
    parsed = JSON.parse(res.text) as TokenBody;
  } catch {
    // a token without a body is still usable when the API URL and project are given explicitly
  }
  const backup = parsed.token?.catalog?.find((e) => e.type === 'backup');
  const endpoint =
    backup?.endpoints?.find((e) => e.interface === 'public') ?? backup?.endpoints?.find((e) => e.url);
  const expires = parsed.token?.expires_at ? Date.parse(parsed.token.expires_at) : NaN;
  return {
    token,
    projectId: parsed.token?.project?.id,
    userId: parsed.token?.user?.id,
    expiresAt: Number.isFinite(expires) ? expires : undefined,
    backupUrl: endpoint?.url,
  };
}
