import { MIN_PASSWORD_LENGTH } from '@freezer/schema';
import { type Store, StoreError } from '@freezer/store';
import { hashPassword } from './passwords.js';

export const DEFAULT_ADMIN_NAME = 'admin';

export class SetupError extends Error {}

/** Creates a global administrator; refuses weak passwords and existing names (one-time setup). */
export async function createAdmin(store: Store, name: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new SetupError(`the admin password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await store.users.byName(name)) throw new SetupError(`user ${name} already exists`);
  await store.users.create({ name, passwordHash: await hashPassword(password), isAdmin: true });
}

/**
 * At start with auth on: with no user yet, FREEZER_ADMIN_PASSWORD creates the first admin (there is
 * never a default password); without it the API refuses to start rather than lock everyone out.
 */
export async function ensureInitialAdmin(store: Store, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if ((await store.users.count()) > 0) return undefined;
  const password = env.FREEZER_ADMIN_PASSWORD;
  if (password === undefined || password === '') {
    throw new SetupError(
      'authentication is on but there is no user yet: set FREEZER_ADMIN_PASSWORD (and optionally FREEZER_ADMIN_USER) or run `freezer-api setup-admin`',
    );
  }
  const name = env.FREEZER_ADMIN_USER || DEFAULT_ADMIN_NAME;
  try {
    await createAdmin(store, name, password);
  } catch (err) {
    // Two replicas starting at once: the other one created it.
    if (err instanceof StoreError && err.kind === 'exists') return undefined;
    if (err instanceof SetupError && /already exists/.test(err.message)) return undefined;
    throw err;
  }
  return name;
}
