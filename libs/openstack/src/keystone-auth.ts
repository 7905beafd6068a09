import { OpenStackError, errorDetail } from './errors.js';

/** Password credentials for Keystone v3, as the OS_* variables give them. */
export interface PasswordCredentials {
  authUrl: string;
  username: string;
  password: string;
  /** The user's domain: the id wins over the name; neither means `Default`. */
  userDomainName?: string;
  userDomainId?: string;
  /** The scope: a project id, else a name in its domain; neither gives an unscoped token. */
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
}

export interface CatalogEndpoint {
  interface: string;
  region_id?: string;
  /** The region again, as Keystone also writes it (older clouds and stubs give only this one). */
  region?: string;
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

const domain = (id: string | undefined, name: string | undefined): object =>
  id ? { id } : { name: name ?? 'Default' };

function scope(c: PasswordCredentials): object | undefined {
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) {
    return { project: { name: c.projectName, domain: domain(c.projectDomainId, c.projectDomainName) } };
  }
  return undefined;
}

/**
 * The URL of a service in a token's catalog: the first endpoint of that type (over every entry of the
 * type) with the interface and, when one is asked for, the region (by id or name). No trailing slash.
 */
export function catalogEndpoint(
  catalog: readonly CatalogEntry[],
  type: string,
  iface: string,
  region?: string,
): string | undefined {
  const ep = catalog
    .filter((c) => c.type === type)
    .flatMap((c) => c.endpoints ?? [])
    .find((e) => e.interface === iface && (!region || e.region_id === region || e.region === region));
  return ep?.url.replace(/\/+$/, '');
}

/** Keystone v3 password authentication (POST /v3/auth/tokens): the token and its body. */
export async function passwordAuth(c: PasswordCredentials, timeoutMs = 30_000): Promise<IssuedToken> {
  const url = `${identityV3(c.authUrl)}/auth/tokens`;
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: c.username, password: c.password, domain: domain(c.userDomainId, c.userDomainName) },
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
    throw new OpenStackError(`Keystone at ${url} is unreachable: ${(err as Error).message}`, undefined, {
      cause: err,
    });
  }
  const text = await res.text().catch(() => '');
  if (res.status !== 201) {
    throw new OpenStackError(
      `Keystone refused user ${c.username} (${res.status}): ${errorDetail(text)}`,
      res.status,
    );
  }
  const token = res.headers.get('x-subject-token');
  if (!token) throw new OpenStackError('Keystone answered without an X-Subject-Token header', res.status);
  const parsed = tokenBody(text);
  if (!parsed) throw new OpenStackError(`Keystone at ${url} answered without a token body`, res.status);
  return { token, body: parsed, expiresAt: Date.parse(parsed.expires_at) };
}

function tokenBody(text: string): KeystoneToken | undefined {
  try {
    const body = (JSON.parse(text) as { token?: unknown }).token;
    return body && typeof body === 'object' ? (body as KeystoneToken) : undefined;
  } catch {
    return undefined;
  }
}
