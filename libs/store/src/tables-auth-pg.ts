import { bigint, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// PostgreSQL twin of tables-auth.ts (same names; tables-parity.test.ts keeps them in step). Secrets are never stored: passwords as scrypt hashes, tokens and
// session ids as SHA-256 hashes.

export const users = pgTable(
  'users',
  {
    seq: serial('seq').primaryKey(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isAdmin: integer('is_admin').notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('users_user_id').on(t.userId), uniqueIndex('users_name').on(t.name)],
);

export const projectMembers = pgTable(
  'project_members',
  {
    seq: serial('seq').primaryKey(),
    userId: text('user_id').notNull(),
    projectId: text('project_id').notNull(),
    role: text('role').notNull(),
  },
  (t) => [uniqueIndex('project_members_user_project').on(t.userId, t.projectId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    seq: serial('seq').primaryKey(),
    tokenId: text('token_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** 'api' (created by a user, listed and revocable) or 'identity' (issued by /v3/auth/tokens). */
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    projectId: text('project_id').notNull(),
    role: text('role').notNull(),
    clientId: text('client_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    /** The token this one was exchanged for (/v3 method "token"): revoking the parent revokes it. */
    parentTokenId: text('parent_token_id'),
  },
  (t) => [
    uniqueIndex('api_tokens_token_id').on(t.tokenId),
    uniqueIndex('api_tokens_token_hash').on(t.tokenHash),
    index('api_tokens_user').on(t.userId, t.kind),
    index('api_tokens_parent').on(t.parentTokenId),
  ],
);

export const webSessions = pgTable(
  'web_sessions',
  {
    seq: serial('seq').primaryKey(),
    sessionHash: text('session_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    userId: text('user_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('web_sessions_hash').on(t.sessionHash), index('web_sessions_user').on(t.userId)],
);
