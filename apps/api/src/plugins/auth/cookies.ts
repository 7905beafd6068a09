import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'fz_session';

/**
 * @fastify/cookie parses and serialises; parsing is on demand (`hook: false`) because only the
 * routes that look for a web session need it: a scheduler's poll never carries a cookie.
 */
export async function registerCookies(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie, { hook: false });
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? req.server.parseCookie(header)[name] : undefined;
}

/**
 * HttpOnly (no script can read it), SameSite=Strict (never sent on cross-site requests, the first
 * CSRF defence; the X-CSRF-Token header is the second), Secure when the request came over HTTPS
 * (directly or through a trusted proxy's X-Forwarded-Proto) or when forced.
 */
export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  value: string,
  maxAge: number,
  forceSecure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge,
    secure: forceSecure || req.protocol === 'https',
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
}
