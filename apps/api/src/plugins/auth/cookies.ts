import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'fz_session';

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
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
  const secure = forceSecure || req.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
  );
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}
