import { ROLE_RANK, type Role } from '@freezer/schema';
import type { Store, UserRow } from '@freezer/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api-error.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import { keystonePrincipal, validateWithKeystone } from './keystone-principal.js';
import type { KeystoneSessions } from './keystone-sessions.js';
import { sha256 } from './secrets.js';

/** Who is calling, and what they may do, when authentication is on. */
export interface Principal {
  userId: string;
  userName: string;
  /** Global administrator: user management, /metrics. */
  isAdmin: boolean;
  /** A global admin logged in through the web UI acts as admin in every project. */
  allProjects: boolean;
  /** Effective role per project (a token: exactly its own project). */
  roles: Map<string, Role>;
  /** A scheduler token: only this client's jobs and their results. */
  clientId: string | null;
  via: 'session' | 'token';
  tokenId?: string;
  csrfToken?: string;
  sessionHash?: string;
  /** Known from a cloud's Keystone (its token validated there), not from our own users. */
  source?: 'keystone';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access-control hook when authentication is on and the caller is known. */
    principal?: Principal;
  }
  interface FastifyInstance {
    keystoneSessions: KeystoneSessions;
  }
}

export const unauthorized = (description: string) => new ApiError(401, 'Unauthorized', description);
export const forbidden = (description: string) => new ApiError(403, 'Forbidden', description);

export function roleIn(p: Principal, projectId: string): Role | undefined {
  return p.allProjects ? 'admin' : p.roles.get(projectId);
}

export const atLeast = (role: Role | undefined, min: Role): boolean =>
  role !== undefined && ROLE_RANK[role] >= ROLE_RANK[min];

const lower = (a: Role, b: Role): Role => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b);

/** The token from X-Auth-Token (what the stock clients send) or `Authorization: Bearer`. */
export function presentedToken(req: FastifyRequest): string | undefined {
  const header = req.headers['x-auth-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

async function userRoles(store: Store, user: UserRow): Promise<Map<string, Role>> {
  return new Map((await store.users.memberships(user.userId)).map((m) => [m.project_id, m.role]));
}

/**
 * A token's principal. Its role is capped by the owner's current role in the token's project, so
 * demoting or removing a user takes effect on their tokens at once.
 */
export async function tokenPrincipal(store: Store, token: string): Promise<Principal | undefined> {
  const row = await store.tokens.usable(sha256(token));
  if (!row) return undefined;
  const user = await store.users.activeById(row.userId);
  if (!user) return undefined;
  const own: Role | undefined =
    user.isAdmin === 1 ? 'admin' : (await userRoles(store, user)).get(row.projectId);
  const roles = new Map<string, Role>();
  if (own) roles.set(row.projectId, lower(own, row.role as Role));
  return {
    userId: user.userId,
    userName: user.name,
    isAdmin: user.isAdmin === 1 && row.role === 'admin' && row.clientId === null,
    allProjects: false,
    roles,
    clientId: row.clientId,
    via: 'token',
    tokenId: row.tokenId,
  };
}

export async function sessionPrincipal(store: Store, req: FastifyRequest): Promise<Principal | undefined> {
  const cookie = readCookie(req, SESSION_COOKIE);
  if (!cookie) return undefined;
  const sessionHash = sha256(cookie);
  const session = await store.webSessions.valid(sessionHash);
  if (!session) return undefined;
  const user = await store.users.activeById(session.userId);
  if (!user) return undefined;
  return {
    userId: user.userId,
    userName: user.name,
    isAdmin: user.isAdmin === 1,
    allProjects: user.isAdmin === 1,
    roles: await userRoles(store, user),
    clientId: null,
    via: 'session',
    csrfToken: session.csrfToken,
    sessionHash,
  };
}

async function keystoneSessionPrincipal(
  app: FastifyInstance,
  req: FastifyRequest,
): Promise<Principal | undefined> {
  const keystone = app.auth.keystone;
  const cookie = readCookie(req, SESSION_COOKIE);
  if (!keystone || !cookie) return undefined;
  const sessionHash = sha256(cookie);
  const session = app.keystoneSessions.get(sessionHash);
  if (!session) return undefined;
  const token = await validateWithKeystone(keystone, session.token);
  if (!token) {
    app.keystoneSessions.delete(sessionHash);
    return undefined;
  }
  return { ...keystonePrincipal(token), via: 'session', csrfToken: session.csrfToken, sessionHash };
}

/**
 * A presented token must be valid (no fall-back to the cookie); otherwise the session cookie. With a
 * cloud's Keystone, a token we do not know is asked there (ours first, unless our own users are off).
 */
export async function resolvePrincipal(
  app: FastifyInstance,
  req: FastifyRequest,
): Promise<Principal | undefined> {
  const keystone = app.auth.keystone;
  const local = keystone?.localUsers ?? true;
  const token = presentedToken(req);
  if (token !== undefined) {
    const p = local ? await tokenPrincipal(app.store, token) : undefined;
    if (p) return p;
    const k = keystone ? await validateWithKeystone(keystone, token) : undefined;
    if (k) return keystonePrincipal(k);
    throw unauthorized('the X-Auth-Token is unknown, expired or revoked');
  }
  return (local ? await sessionPrincipal(app.store, req) : undefined) ?? keystoneSessionPrincipal(app, req);
}
