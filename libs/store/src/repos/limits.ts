import { inArray, lt, sql } from 'drizzle-orm';
import type { StoreContext } from '../context.js';

export interface RateHit {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

export interface LoginFailure {
  failures: number;
  /** When the key's failure window began (epoch seconds). */
  firstAt: number;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Request counters and failed-login counts in the database every replica shares, so that N
 * replicas behind a proxy allow what one does. Each change is one atomic upsert: concurrent
 * requests on different replicas never lose an increment.
 */
export class LimitsRepo {
  private lastPrune = 0;

  constructor(private readonly ctx: StoreContext) {}

  /** Counts one request for `key` in a fixed window of `windowMs` (started by the first request). */
  async hit(key: string, windowMs: number, nowMs = Date.now()): Promise<RateHit> {
    const t = this.ctx.t.rateLimits;
    const expired = sql`${t.resetsAt} <= ${nowMs}`;
    const rows = await this.ctx.db
      .insert(t)
      .values({ key, hits: 1, resetsAt: nowMs + windowMs })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          hits: sql`CASE WHEN ${expired} THEN 1 ELSE ${t.hits} + 1 END`,
          resetsAt: sql`CASE WHEN ${expired} THEN ${nowMs + windowMs} ELSE ${t.resetsAt} END`,
        },
      })
      .returning({ hits: t.hits, resetsAt: t.resetsAt });
    this.prune(nowMs);
    const row = rows[0] ?? { hits: 1, resetsAt: nowMs + windowMs };
    return { hits: row.hits, resetsInMs: Math.max(0, Number(row.resetsAt) - nowMs) };
  }

  /** The latest `blocked_until` (epoch seconds) among these keys; 0 when none is blocked. */
  async blockedUntil(keys: string[]): Promise<number> {
    const t = this.ctx.t.loginFailures;
    const rows = await this.ctx.db.select({ until: t.blockedUntil }).from(t).where(inArray(t.key, keys));
    return rows.reduce((m, r) => Math.max(m, r.until), 0);
  }

  /** Counts a failed login for `key`; a window older than `windowSeconds` starts again at 1. */
  async failed(key: string, now: number, windowSeconds: number): Promise<LoginFailure> {
    const t = this.ctx.t.loginFailures;
    const stale = sql`${now} - ${t.firstAt} > ${windowSeconds}`;
    const rows = await this.ctx.db
      .insert(t)
      .values({ key, failures: 1, firstAt: now, blockedUntil: 0 })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE ${t.failures} + 1 END`,
          firstAt: sql`CASE WHEN ${stale} THEN ${now} ELSE ${t.firstAt} END`,
          blockedUntil: sql`CASE WHEN ${stale} THEN 0 ELSE ${t.blockedUntil} END`,
        },
      })
      .returning({ failures: t.failures, firstAt: t.firstAt });
    return rows[0] ?? { failures: 1, firstAt: now };
  }

  async block(key: string, until: number): Promise<void> {
    const t = this.ctx.t.loginFailures;
    await this.ctx.db
      .update(t)
      .set({
        blockedUntil: sql`CASE WHEN ${t.blockedUntil} > ${until} THEN ${t.blockedUntil} ELSE ${until} END`,
      })
      .where(sql`${t.key} = ${key}`);
  }

  async clear(key: string): Promise<void> {
    const t = this.ctx.t.loginFailures;
    await this.ctx.db.delete(t).where(sql`${t.key} = ${key}`);
  }

  /** Expired windows are deleted at most once a minute per process, off the request's path. */
  private prune(nowMs: number): void {
    if (nowMs - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = nowMs;
    const t = this.ctx.t.rateLimits;
    void Promise.resolve(this.ctx.db.delete(t).where(lt(t.resetsAt, nowMs))).catch(() => undefined);
  }
}
