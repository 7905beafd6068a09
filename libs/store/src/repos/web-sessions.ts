import { and, eq, gt } from 'drizzle-orm';
import type { StoreContext } from '../context.js';
import type { webSessions } from '../tables.js';

export type WebSessionRow = typeof webSessions.$inferSelect;

/** Browser login sessions: the cookie value is only stored as its SHA-256 hash. */
export class WebSessionsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.webSessions;
  }

  async create(s: {
    sessionHash: string;
    csrfToken: string;
    userId: string;
    ttlSeconds: number;
  }): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.tx((db) =>
      db.insert(this.t).values({
        sessionHash: s.sessionHash,
        csrfToken: s.csrfToken,
        userId: s.userId,
        createdAt: now,
        expiresAt: now + s.ttlSeconds,
      }),
    );
  }

  async valid(sessionHash: string): Promise<WebSessionRow | undefined> {
    const rows = await this.ctx.db
      .select()
      .from(this.t)
      .where(and(eq(this.t.sessionHash, sessionHash), gt(this.t.expiresAt, this.ctx.now())))
      .limit(1);
    return rows[0];
  }

  async delete(sessionHash: string): Promise<void> {
    await this.ctx.tx((db) => db.delete(this.t).where(eq(this.t.sessionHash, sessionHash)));
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.ctx.tx((db) => db.delete(this.t).where(eq(this.t.userId, userId)));
  }
}
