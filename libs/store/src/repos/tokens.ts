import type { Role, TokenDoc } from '@freezer/schema';
import { and, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
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
  /** Exchanged for this token: revoked with it (expiry is capped to the parent's by the caller). */
  parentTokenId?: string | null;
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
    kind: row.kind as TokenKind,
    parent_token_id: row.parentTokenId,
  };
}

/** Each token followed by the tokens derived from it (depth first); roots keep their order. */
function parentsFirst(rows: TokenRow[]): TokenRow[] {
  const ids = new Set(rows.map((r) => r.tokenId));
  const children = new Map<string, TokenRow[]>();
  for (const r of rows) {
    if (r.parentTokenId !== null && ids.has(r.parentTokenId)) {
      children.set(r.parentTokenId, [...(children.get(r.parentTokenId) ?? []), r]);
    }
  }
  const out: TokenRow[] = [];
  const visit = (r: TokenRow) => {
    out.push(r);
    for (const c of children.get(r.tokenId) ?? []) visit(c);
  };
  for (const r of rows) if (r.parentTokenId === null || !ids.has(r.parentTokenId)) visit(r);
  return out;
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
      parentTokenId: token.parentTokenId ?? null,
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

  /**
   * API tokens of one user, or of everyone (`userId` undefined), newest first, each followed by the
   * live identity tokens derived from it; live identity tokens from a password are listed too.
   */
  async list(userId?: string): Promise<TokenDoc[]> {
    const now = this.ctx.now();
    const live = and(
      eq(this.t.kind, 'identity'),
      isNull(this.t.revokedAt),
      or(isNull(this.t.expiresAt), gt(this.t.expiresAt, now)),
    );
    const kinds = or(eq(this.t.kind, 'api'), live);
    const rows = await this.ctx.db
      .select()
      .from(this.t)
      .where(userId === undefined ? kinds : and(eq(this.t.userId, userId), kinds))
      .orderBy(desc(this.t.seq));
    return parentsFirst(rows).map(tokenDoc);
  }

  /** A token row by the hash of its secret, usable or not. */
  async byHash(tokenHash: string): Promise<TokenDoc | undefined> {
    const rows = await this.ctx.db.select().from(this.t).where(eq(this.t.tokenHash, tokenHash)).limit(1);
    return rows[0] && tokenDoc(rows[0]);
  }

  async byId(tokenId: string): Promise<TokenDoc | undefined> {
    const rows = await this.ctx.db.select().from(this.t).where(eq(this.t.tokenId, tokenId)).limit(1);
    return rows[0] && tokenDoc(rows[0]);
  }

  /**
   * Revokes a token and every token derived from it, at any depth. Takes effect on the next request
   * on every replica (no token cache).
   */
  async revoke(tokenId: string): Promise<void> {
    if (!(await this.byId(tokenId))) throw notFound(`Token not found with ID ${tokenId}`);
    const now = this.ctx.now();
    await this.ctx.tx(async (db) => {
      await db
        .update(this.t)
        .set({ revokedAt: now })
        .where(and(eq(this.t.tokenId, tokenId), isNull(this.t.revokedAt)));
      const seen = new Set([tokenId]);
      let level = [tokenId];
      while (level.length > 0) {
        const children = await db
          .select({ tokenId: this.t.tokenId })
          .from(this.t)
          .where(inArray(this.t.parentTokenId, level));
        level = children.map((c) => c.tokenId).filter((id) => !seen.has(id));
        for (const id of level) seen.add(id);
        if (level.length > 0) {
          await db
            .update(this.t)
            .set({ revokedAt: now })
            .where(and(inArray(this.t.tokenId, level), isNull(this.t.revokedAt)));
        }
      }
    });
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
