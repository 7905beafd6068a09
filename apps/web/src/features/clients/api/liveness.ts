import type { ClientInfo } from '@freezer/api-client';

/** A client is online if its scheduler reported within this window; the summary endpoint is asked for the same. */
export const STALE_AFTER_SEC = 180;

export function lastSeenSec(c: ClientInfo): number | null {
  const v = c.last_seen;
  if (typeof v === 'number' && v > 0) return v;
  if (typeof v === 'string' && v) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : Math.floor(t / 1000);
  }
  return null;
}

export function liveness(c: ClientInfo, nowSec: number): 'online' | 'stale' | 'never' {
  const seen = lastSeenSec(c);
  if (seen === null) return 'never';
  return nowSec - seen <= STALE_AFTER_SEC ? 'online' : 'stale';
}
