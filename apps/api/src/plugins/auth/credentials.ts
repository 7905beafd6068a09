import type { UserRow } from '@freezer/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../api-error.js';
import { dummyHash, verifyPassword } from './passwords.js';
import '../metrics/request-metrics.js';
import { unauthorized } from './principal.js';

/**
 * Checks a user name + password (web login and /v3/auth/tokens) behind the brute-force throttle.
 * Unknown user, disabled user and wrong password get the same answer and cost the same time.
 */
export async function checkPassword(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  name: string,
  password: string,
): Promise<UserRow> {
  const throttle = app.loginThrottle;
  const userKey = name.toLowerCase();
  const wait = await throttle.retryAfter(userKey, req.ip);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw new ApiError(429, 'Too Many Requests', `too many failed logins; retry in ${wait} s`);
  }
  const user = await app.store.users.byName(name);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || user.disabledAt !== null) {
    app.requestMetrics.loginFailures.inc();
    await throttle.failed(userKey, req.ip);
    req.log.info({ user: name }, 'login failed');
    throw unauthorized('wrong user name or password');
  }
  await throttle.succeeded(userKey);
  return user;
}
