import { ErrorBody, LoginBody, SessionInfo } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomBytes } from 'node:crypto';
import { emptyReply } from '../common.js';
import { ApiError } from '../../plugins/api-error.js';
import { clearSessionCookie, setSessionCookie } from '../../plugins/auth/cookies.js';
import { checkPassword } from '../../plugins/auth/credentials.js';
import { keystoneLogin } from '../../plugins/auth/keystone-login.js';
import { keystoneUserDoc } from '../../plugins/auth/keystone-principal.js';
import { unauthorized } from '../../plugins/auth/principal.js';
import { SESSION_PREFIX, newSecret, sha256 } from '../../plugins/auth/secrets.js';

const tags = ['auth (extension)'];

/** Web UI login: an HttpOnly SameSite=Strict session cookie plus a CSRF token for writes. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with user name and password: sets the session cookie, returns the CSRF token',
        body: LoginBody,
        response: { 200: SessionInfo, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!app.auth.enabled)
        throw new ApiError(400, 'Bad request format', 'authentication is off on this API');
      const keystone = app.auth.keystone;
      if (keystone) {
        const { username, password } = req.body;
        const viaKeystone = await keystoneLogin(app, keystone, req, reply, username, password);
        if (viaKeystone) return viaKeystone;
        if (!keystone.localUsers) throw unauthorized('wrong user name or password');
      }
      const user = await checkPassword(app, req, reply, req.body.username, req.body.password);
      const secret = newSecret(SESSION_PREFIX);
      const csrfToken = randomBytes(24).toString('base64url');
      await app.store.webSessions.create({
        sessionHash: sha256(secret),
        csrfToken,
        userId: user.userId,
        ttlSeconds: app.auth.sessionTtl,
      });
      setSessionCookie(req, reply, secret, app.auth.sessionTtl, app.auth.secureCookies);
      req.log.info({ user: user.name }, 'login');
      return { auth_enabled: true, user: await app.store.users.toDoc(user), csrf_token: csrfToken };
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags,
        summary: 'The logged-in user and CSRF token (user null when anonymous)',
        response: { 200: SessionInfo },
      },
    },
    async (req) => {
      const p = req.principal;
      if (p?.source === 'keystone') {
        return { auth_enabled: true, user: keystoneUserDoc(p), csrf_token: p.csrfToken ?? null };
      }
      const user = p ? await app.store.users.activeById(p.userId) : undefined;
      return {
        auth_enabled: app.auth.enabled,
        user: user ? await app.store.users.toDoc(user) : null,
        csrf_token: p?.csrfToken ?? null,
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the web session, or the presented token and every token exchanged from it (204)',
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p?.sessionHash) await app.store.webSessions.delete(p.sessionHash);
      if (p?.sessionHash) app.keystoneSessions.delete(p.sessionHash);
      if (p?.via === 'token' && p.tokenId) await app.store.tokens.revoke(p.tokenId);
      clearSessionCookie(reply);
      return emptyReply(reply, 204);
    },
  );
};
