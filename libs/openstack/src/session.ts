import { OpenStackError, errorDetail } from './errors.js';
import { catalogEndpoint, type PasswordCredentials, passwordAuth } from './keystone-auth.js';

/** A project-scoped Keystone v3 session: the token, and the catalog's endpoints for it. */
export interface OpenStackSession {
  projectId: string;
  /** The catalog URL of a service type (public interface unless OS_INTERFACE says otherwise). */
  endpoint(type: string): string;
  /** A JSON call on a service; errors become one OpenStackError line naming the call. */
  request(type: string, method: string, path: string, init?: RequestOptions): Promise<Response>;
  json<T>(
    type: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | ReadableStream<Uint8Array>;
  /** Statuses besides 2xx that are an answer, not an error (e.g. 404 when probing). */
  accept?: number[];
  timeoutMs?: number;
}

/** Password credentials from the usual OS_* variables (Keystone v3). */
export function credentialsFromEnv(
  env: NodeJS.ProcessEnv,
): PasswordCredentials & { region?: string; iface: string } {
  const missing = ['OS_AUTH_URL', 'OS_USERNAME', 'OS_PASSWORD'].filter((k) => !env[k]);
  if (!env.OS_PROJECT_NAME && !env.OS_PROJECT_ID) missing.push('OS_PROJECT_NAME or OS_PROJECT_ID');
  if (missing.length > 0) {
    throw new OpenStackError(
      `OpenStack credentials missing: set ${missing.join(', ')} (source an openrc file)`,
    );
  }
  return {
    authUrl: env.OS_AUTH_URL ?? '',
    username: env.OS_USERNAME ?? '',
    password: env.OS_PASSWORD ?? '',
    userDomainName: env.OS_USER_DOMAIN_NAME ?? 'Default',
    ...(env.OS_PROJECT_ID ? { projectId: env.OS_PROJECT_ID } : { projectName: env.OS_PROJECT_NAME ?? '' }),
    projectDomainName: env.OS_PROJECT_DOMAIN_NAME ?? 'Default',
    ...(env.OS_REGION_NAME ? { region: env.OS_REGION_NAME } : {}),
    iface: (env.OS_INTERFACE ?? 'public').replace(/URL$/, ''),
  };
}

/** Logs in with Keystone v3 and returns a session; re-authenticates when the token nears expiry. */
export async function openSession(env: NodeJS.ProcessEnv): Promise<OpenStackSession> {
  const creds = credentialsFromEnv(env);
  let issued = await passwordAuth(creds);
  const projectId = issued.body.project?.id;
  if (!projectId) throw new OpenStackError(`Keystone gave user ${creds.username} no project-scoped token`);
  const token = async () => {
    if (issued.expiresAt - 120_000 <= Date.now()) issued = await passwordAuth(creds);
    return issued.token;
  };
  const endpoint = (type: string): string => {
    const url = catalogEndpoint(issued.body.catalog ?? [], type, creds.iface, creds.region);
    if (!url) throw new OpenStackError(`the cloud's catalog has no ${creds.iface} ${type} endpoint`);
    return url;
  };
  const request = async (type: string, method: string, path: string, init: RequestOptions = {}) => {
    const url = `${endpoint(type)}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'X-Auth-Token': await token(), ...init.headers },
        ...(init.body !== undefined ? { body: init.body, duplex: 'half' } : {}),
        signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
      } as RequestInit);
    } catch (err) {
      throw new OpenStackError(`${type} ${method} ${path}: ${(err as Error).message}`);
    }
    if (!res.ok && !(init.accept ?? []).includes(res.status)) {
      const detail = errorDetail(await res.text());
      throw new OpenStackError(`${type} ${method} ${path} failed (${res.status}): ${detail}`, res.status);
    }
    return res;
  };
  const json = async <T>(type: string, method: string, path: string, body?: unknown, headers = {}) => {
    const res = await request(type, method, path, {
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return { projectId, endpoint, request, json };
}
