import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Users, project memberships, API/identity tokens and web login sessions (SQLite; the PostgreSQL
// twin is tables-auth-pg.ts). Secrets are never stored: passwords as scrypt hashes, tokens and
// session ids as SHA-256 hashes.

export const users = sqliteTable(
  'users',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isAdmin: integer('is_admin').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
  },
  (t) => [uniqueIndex('users_user_id').on(t.userId), uniqueIndex('users_name').on(t.name)],
);

export const projectMembers = sqliteTable(
  'project_members',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    projectId: text('project_id').notNull(),
    role: text('role').notNull(),
  },
  (t) => [uniqueIndex('project_members_user_project').on(t.userId, t.projectId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tokenId: text('token_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** 'api' (created by a user, listed and revocable) or 'identity' (issued by /v3/auth/tokens). */
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    projectId: text('project_id').notNull(),
    role: text('role').notNull(),
    clientId: text('client_id'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at'),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
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

export const webSessions = sqliteTable(
  'web_sessions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    sessionHash: text('session_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    userId: text('user_id').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [uniqueIndex('web_sessions_hash').on(t.sessionHash), index('web_sessions_user').on(t.userId)],
);
