import { OpenStackError, errorDetail } from './errors.js';

/** Password credentials for Keystone v3, as the OS_* variables give them. */
export interface PasswordCredentials {
  authUrl: string;
  username: string;
  password: string;
  userDomainName?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
}

export interface CatalogEndpoint {
  interface: string;
  region_id?: string;
  url: string;
}

export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** The body of a Keystone v3 token (POST or GET /v3/auth/tokens). */
export interface KeystoneToken {
  expires_at: string;
  user: { id: string; name: string; domain?: { id: string; name?: string } };
  project?: { id: string; name: string; domain?: { id: string; name?: string } };
  roles?: { id: string; name: string }[];
  catalog?: CatalogEntry[];
}

export interface IssuedToken {
  token: string;
  body: KeystoneToken;
  expiresAt: number;
}

/** The auth URL ending in /v3, whatever form the operator typed (…, …/, …/v3, …/v3/). */
export function identityV3(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v3') ? trimmed : `${trimmed}/v3`;
}

function scope(c: PasswordCredentials): object | undefined {
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) {
    return { project: { name: c.projectName, domain: { name: c.projectDomainName ?? 'Default' } } };
  }
  return undefined;
}

/** Keystone v3 password authentication (POST /v3/auth/tokens): the token and its body. */
export async function passwordAuth(c: PasswordCredentials, timeoutMs = 30_000): Promise<IssuedToken> {
  const url = `${identityV3(c.authUrl)}/auth/tokens`;
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: c.username, password: c.password, domain: { name: c.userDomainName ?? 'Default' } },
        },
      },
      scope: scope(c),
    },
  };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new OpenStackError(`Keystone at ${url} is unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (res.status !== 201) {
    throw new OpenStackError(
      `Keystone refused user ${c.username} (${res.status}): ${errorDetail(text)}`,
      res.status,
    );
  }
  const token = res.headers.get('x-subject-token');
  if (!token) throw new OpenStackError('Keystone answered without an X-Subject-Token header');
  const parsed = (JSON.parse(text) as { token: KeystoneToken }).token;
  return { token, body: parsed, expiresAt: Date.parse(parsed.expires_at) };
}
