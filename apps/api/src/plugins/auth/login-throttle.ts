/**
 * Slows down password guessing: after `freeFailures` failed logins for one key (a user name, or a
 * client address with a higher allowance: offices share one) within WINDOW seconds, further
 * attempts are refused for a delay that doubles with every failure (1 s, 2 s, 4 s … capped at
 * MAX_DELAY), even with the right password. A success clears the key. Per API process: with N
 * replicas an attacker gets at most N times the rate.
 */
export const USER_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 30;
const WINDOW = 15 * 60;
const MAX_DELAY = 15 * 60;

interface Entry {
  failures: number;
  first: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly freeFailures: number,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** Seconds to wait before another attempt is allowed for any of these keys (0 = go ahead). */
  retryAfter(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e && e.blockedUntil > now) wait = Math.max(wait, Math.ceil(e.blockedUntil - now));
    }
    return wait;
  }

  failed(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      let e = this.entries.get(key);
      if (!e || now - e.first > WINDOW) e = { failures: 0, first: now, blockedUntil: 0 };
      e.failures += 1;
      if (e.failures >= this.freeFailures) {
        e.blockedUntil = now + Math.min(MAX_DELAY, 2 ** (e.failures - this.freeFailures));
      }
      this.entries.set(key, e);
    }
    if (this.entries.size > 100_000) this.prune(now);
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, e] of this.entries)
      if (now - e.first > WINDOW && e.blockedUntil < now) this.entries.delete(key);
  }
}
