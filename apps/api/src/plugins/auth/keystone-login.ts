import { OpenStackError } from '@freezer/openstack';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api-error.js';
import { setSessionCookie } from './cookies.js';
import { keystonePrincipal, keystoneUserDoc } from './keystone-principal.js';
import { type Principal, unauthorized } from './principal.js';
import { SESSION_PREFIX, newSecret, sha256 } from './secrets.js';
import type { KeystoneAuth } from './settings.js';

/**
 * Dashboard login with Keystone credentials (scoped to the user's default project), behind the same
 * throttle as our own logins. Undefined when Keystone refuses them, so our own users can be tried.
 */
export async function keystoneLogin(
  app: FastifyInstance,
  keystone: KeystoneAuth,
  req: FastifyRequest,
  reply: FastifyReply,
  username: string,
  password: string,
) {
  const throttle = app.loginThrottle;
  const key = username.toLowerCase();
  const wait = await throttle.retryAfter(key, req.ip);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw new ApiError(429, 'Too Many Requests', `too many failed logins; retry in ${wait} s`);
  }
  let issued;
  try {
    issued = await keystone.login(username, password);
  } catch (err) {
    if (!(err instanceof OpenStackError)) throw err;
    if (err.status !== 401) throw new ApiError(503, 'Service Unavailable', err.message);
    // With our own users on, their check (and its throttle bookkeeping) follows.
    if (!keystone.localUsers) await throttle.failed(key, req.ip);
    return undefined;
  }
  const p: Principal = keystonePrincipal(issued.body);
  if (p.roles.size === 0) {
    throw unauthorized(
      `Keystone user ${username} has no default project with an admin, member or reader role`,
    );
  }
  await throttle.succeeded(key);
  const secret = newSecret(SESSION_PREFIX);
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = Math.min(Date.parse(issued.body.expires_at), Date.now() + app.auth.sessionTtl * 1000);
  app.keystoneSessions.create(sha256(secret), { token: issued.token, csrfToken, expiresAt });
  const ttl = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
  setSessionCookie(req, reply, secret, ttl, app.auth.secureCookies);
  req.log.info({ user: username, source: 'keystone' }, 'login');
  return { auth_enabled: true, user: keystoneUserDoc(p), csrf_token: csrfToken };
}
