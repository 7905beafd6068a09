/** After this many failed attempts a notification is given up (marked failed, kept in the history). */
export const MAX_DELIVERY_ATTEMPTS = 12;

const FIRST_RETRY_S = 15;
const LONGEST_RETRY_S = 3600;

/**
 * Seconds to wait after the `attempts`-th failed attempt: 15 s doubling up to an hour, so a
 * receiver that is down for a few hours still gets the notification (12 attempts ≈ 10 h).
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(LONGEST_RETRY_S, FIRST_RETRY_S * 2 ** Math.max(0, attempts - 1));
}
