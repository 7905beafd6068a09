import type { Store } from '@freezer/store';

/**
 * Slows down password guessing: after `free` failed logins for one key (a user name, or a client
 * address with a higher allowance: offices share one) within WINDOW seconds, further attempts are
 * refused for a delay that doubles with every failure (1 s, 2 s, 4 s … capped at MAX_DELAY), even
 * with the right password. A success clears the user's key. The counts live in the database every
 * replica shares, so N replicas give an attacker no more tries than one.
 */
export const USER_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 30;
const WINDOW = 15 * 60;
const MAX_DELAY = 15 * 60;

interface ThrottleKey {
  key: string;
  free: number;
}

export class LoginThrottle {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  private keys(user: string, address: string): ThrottleKey[] {
    return [
      { key: `user:${user}`, free: USER_FREE_FAILURES },
      { key: `addr:${address}`, free: ADDRESS_FREE_FAILURES },
    ];
  }

  /** Seconds to wait before another attempt by this user name from this address (0 = go ahead). */
  async retryAfter(user: string, address: string): Promise<number> {
    const until = await this.store.limits.blockedUntil(this.keys(user, address).map((k) => k.key));
    const now = this.now();
    return until > now ? Math.ceil(until - now) : 0;
  }

  async failed(user: string, address: string): Promise<void> {
    const now = this.now();
    for (const { key, free } of this.keys(user, address)) {
      const { failures } = await this.store.limits.failed(key, now, WINDOW);
      if (failures >= free)
        await this.store.limits.block(key, now + Math.min(MAX_DELAY, 2 ** (failures - free)));
    }
  }

  async succeeded(user: string): Promise<void> {
    await this.store.limits.clear(`user:${user}`);
  }
}
