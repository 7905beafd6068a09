import type { Role, TokenDoc } from '@freezer/schema';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { type StoreContext, newId } from '../context.js';
import { notFound } from '../errors.js';
import type { apiTokens } from '../tables.js';

export type TokenRow = typeof apiTokens.$inferSelect;
export type TokenKind = 'api' | 'identity';

export interface NewToken {
  kind: TokenKind;
  tokenHash: string;
  userId: string;
  name: string;
  projectId: string;
  role: Role;
  clientId?: string | null;
  expiresAt?: number | null;
}

// last_used_at is a hint for the token list; writing it on every request would turn each read into
// a write, so it is refreshed at most this often.
const TOUCH_EVERY = 60;

export function tokenDoc(row: TokenRow): TokenDoc {
  return {
    token_id: row.tokenId,
    name: row.name,
    user_id: row.userId,
    project_id: row.projectId,
    role: row.role as Role,
    client_id: row.clientId,
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}

/** API tokens (listed, revocable) and identity tokens (from /v3/auth/tokens), stored as hashes. */
export class TokensRepo {
  constructor(private readonly ctx: StoreContext) {}

  private get t() {
    return this.ctx.t.apiTokens;
  }

  async create(token: NewToken): Promise<TokenDoc> {
    const row: TokenRow = {
      seq: 0,
      tokenId: newId(),
      tokenHash: token.tokenHash,
      kind: token.kind,
      userId: token.userId,
      name: token.name,
      projectId: token.projectId,
      role: token.role,
      clientId: token.clientId ?? null,
      createdAt: this.ctx.now(),
      expiresAt: token.expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
    };
    const { seq: _seq, ...values } = row;
    await this.ctx.tx((db) => db.insert(this.t).values(values));
    return tokenDoc(row);
  }

  /** A usable token: not revoked, not expired. Checked against the database on every request. */
  async usable(tokenHash: string): Promise<TokenRow | undefined> {
    const now = this.ctx.now();
    const rows = await this.ctx.db
      .select()
      .from(this.t)
      .where(
        and(
          eq(this.t.tokenHash, tokenHash),
          isNull(this.t.revokedAt),
          or(isNull(this.t.expiresAt), gt(this.t.expiresAt, now)),
        ),
      )
      .limit(1);
    const row = rows[0];
    if (row && (row.lastUsedAt ?? 0) < now - TOUCH_EVERY) {
      await this.ctx.db.update(this.t).set({ lastUsedAt: now }).where(eq(this.t.seq, row.seq));
    }
    return row;
  }

  /** API tokens of one user, or of everyone (`userId` undefined), newest first. */
  async list(userId?: string): Promise<TokenDoc[]> {
    const where = [eq(this.t.kind, 'api')];
    if (userId !== undefined) where.push(eq(this.t.userId, userId));
    const rows = await this.ctx.db
      .select()
      .from(this.t)
      .where(and(...where))
      .orderBy(desc(this.t.seq));
    return rows.map(tokenDoc);
  }

  async byId(tokenId: string): Promise<TokenDoc | undefined> {
    const rows = await this.ctx.db.select().from(this.t).where(eq(this.t.tokenId, tokenId)).limit(1);
    return rows[0] && tokenDoc(rows[0]);
  }

  /** Revocation takes effect on the next request on every replica (no token cache). */
  async revoke(tokenId: string): Promise<void> {
    const done = await this.ctx.tx((db) =>
      db
        .update(this.t)
        .set({ revokedAt: this.ctx.now() })
        .where(and(eq(this.t.tokenId, tokenId), isNull(this.t.revokedAt)))
        .returning({ seq: this.t.seq }),
    );
    if (done.length === 0 && !(await this.byId(tokenId)))
      throw notFound(`Token not found with ID ${tokenId}`);
  }

  /** Revokes every token of a user (password change, user disabled). */
  async revokeAllOf(userId: string): Promise<void> {
    await this.ctx.tx((db) =>
      db
        .update(this.t)
        .set({ revokedAt: this.ctx.now() })
        .where(and(eq(this.t.userId, userId), isNull(this.t.revokedAt))),
    );
  }
}
