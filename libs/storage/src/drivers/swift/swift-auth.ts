import { readFile } from 'node:fs/promises';
import {
  catalogEndpoint,
  identityV3,
  OpenStackError,
  passwordAuth,
  type IssuedToken,
} from '@freezer/openstack';
import type { SwiftConfig } from '../../config.js';
import { networkCode } from '../../errors.js';
import { StorageError } from '../../storage.js';

export interface SwiftSession {
  storageUrl: string;
  token: string;
}

/** Reads `export OS_X=value` lines of an osrc file (seed: Parallel backup); `unset` lines are ignored. */
export async function readOsrc(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new StorageError('swift', 'config', `cannot read osrc file '${path}'`);
  }
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    vars[m[1]!] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

/** The Keystone scope and region, as configured. */
type KeystoneScope = Pick<
  SwiftConfig,
  | 'projectName'
  | 'projectId'
  | 'userDomainName'
  | 'userDomainId'
  | 'projectDomainName'
  | 'projectDomainId'
  | 'regionName'
>;

export interface ResolvedSwiftAuth extends KeystoneScope {
  version: '1' | '3';
  authUrl: string;
  username: string;
  password: string;
  interface: 'public' | 'internal' | 'admin';
}

/** Explicit settings, then the osrc file, then the environment (ST_* for v1, OS_* for v3). */
export async function resolveSwiftAuth(cfg: SwiftConfig, env: NodeJS.ProcessEnv): Promise<ResolvedSwiftAuth> {
  const vars: Record<string, string | undefined> = { ...env, ...(cfg.osrc ? await readOsrc(cfg.osrc) : {}) };
  const explicitV1 =
    cfg.authVersion === '1' || (cfg.authUrl !== undefined && /\/auth\/v1(\.0)?\/?$/.test(cfg.authUrl));
  const useV1 =
    explicitV1 ||
    (cfg.authVersion !== '3' && !cfg.authUrl && !cfg.osrc && !vars.OS_AUTH_URL && !!vars.ST_AUTH);
  const version = useV1 ? '1' : '3';
  const authUrl = cfg.authUrl ?? (useV1 ? vars.ST_AUTH : vars.OS_AUTH_URL);
  const username = cfg.username ?? (useV1 ? vars.ST_USER : vars.OS_USERNAME);
  const password = cfg.password ?? (useV1 ? vars.ST_KEY : vars.OS_PASSWORD);
  if (!authUrl || !username || !password) {
    throw new StorageError(
      'swift',
      'config',
      'swift storage needs credentials: OS_AUTH_URL/OS_USERNAME/OS_PASSWORD (or an osrc file) for Keystone v3, ' +
        'or ST_AUTH/ST_USER/ST_KEY for v1 auth',
    );
  }
  const endpointType = (cfg.endpointType ?? vars.OS_ENDPOINT_TYPE ?? vars.OS_INTERFACE ?? 'public').replace(
    /URL$/,
    '',
  );
  const iface = endpointType === 'internal' || endpointType === 'admin' ? endpointType : 'public';
  const opt = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
  return {
    version,
    authUrl,
    username,
    password,
    projectName: opt(cfg.projectName ?? vars.OS_PROJECT_NAME ?? vars.OS_TENANT_NAME),
    projectId: opt(cfg.projectId ?? vars.OS_PROJECT_ID ?? vars.OS_TENANT_ID),
    userDomainName: opt(cfg.userDomainName ?? vars.OS_USER_DOMAIN_NAME),
    userDomainId: opt(cfg.userDomainId ?? vars.OS_USER_DOMAIN_ID),
    projectDomainName: opt(cfg.projectDomainName ?? vars.OS_PROJECT_DOMAIN_NAME),
    projectDomainId: opt(cfg.projectDomainId ?? vars.OS_PROJECT_DOMAIN_ID),
    regionName: opt(cfg.regionName ?? vars.OS_REGION_NAME),
    interface: iface,
  };
}

function authFailure(label: string, err: unknown, url: string): StorageError {
  if (err instanceof StorageError) return err;
  const net = networkCode(err);
  if (net)
    return new StorageError(label, 'unreachable', `auth endpoint ${url} not reachable (${net})`, {
      cause: err,
    });
  return new StorageError(label, 'auth', `authentication at ${url} failed: ${(err as Error).message}`, {
    cause: err,
  });
}

async function authV1(a: ResolvedSwiftAuth, label: string): Promise<SwiftSession> {
  let res: Response;
  try {
    res = await fetch(a.authUrl, { headers: { 'X-Auth-User': a.username, 'X-Auth-Key': a.password } });
  } catch (err) {
    throw authFailure(label, err, a.authUrl);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status === 401 || res.status === 403) {
    throw new StorageError(
      label,
      'auth',
      `v1 auth at ${a.authUrl} rejected user '${a.username}' (HTTP ${res.status})`,
    );
  }
  const storageUrl = res.headers.get('x-storage-url');
  const token = res.headers.get('x-auth-token');
  if (!res.ok || !storageUrl || !token) {
    throw new StorageError(label, 'auth', `v1 auth at ${a.authUrl} failed (HTTP ${res.status})`);
  }
  return { storageUrl, token };
}

/** Keystone v3 through the one Keystone client (@freezer/openstack); its failures in this driver's words. */
async function authV3(a: ResolvedSwiftAuth, label: string): Promise<SwiftSession> {
  const url = `${identityV3(a.authUrl)}/auth/tokens`;
  let issued: IssuedToken;
  try {
    issued = await passwordAuth({
      authUrl: a.authUrl,
      username: a.username,
      password: a.password,
      userDomainId: a.userDomainId,
      userDomainName: a.userDomainName,
      projectId: a.projectId,
      projectName: a.projectName,
      projectDomainId: a.projectDomainId,
      projectDomainName: a.projectDomainName,
    });
  } catch (err) {
    const status = err instanceof OpenStackError ? err.status : undefined;
    if (status === 401 || status === 403) {
      throw new StorageError(
        label,
        'auth',
        `Keystone at ${url} rejected user '${a.username}' (HTTP ${status})`,
      );
    }
    if (status !== undefined)
      throw new StorageError(label, 'auth', `Keystone auth at ${url} failed (HTTP ${status})`, {
        cause: err,
      });
    throw authFailure(label, err instanceof OpenStackError && err.cause ? err.cause : err, url);
  }
  const storageUrl = catalogEndpoint(issued.body.catalog ?? [], 'object-store', a.interface, a.regionName);
  if (!storageUrl) {
    throw new StorageError(
      label,
      'config',
      `the Keystone catalog has no object-store endpoint for interface '${a.interface}'${a.regionName ? ` in region ${a.regionName}` : ''}`,
    );
  }
  return { storageUrl, token: issued.token };
}

export function authenticate(a: ResolvedSwiftAuth, label: string): Promise<SwiftSession> {
  return a.version === '1' ? authV1(a, label) : authV3(a, label);
}
