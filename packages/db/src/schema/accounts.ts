import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, lowercaseCheck, timestamptz, updatedAt } from './columns.js';
import { emailTokenPurposes, oauthProviders } from './enums.js';

/*
 * Accounts: a user and everything that authenticates them. Deleting a user
 * cascades to all of it, so signing out everywhere is one DELETE.
 */

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull().unique('users_email_unique'),
    emailVerifiedAt: timestamptz('email_verified_at'),
    name: text('name'),
    /** Null for OAuth-only accounts. */
    passwordHash: text('password_hash'),
    avatarUrl: text('avatar_url'),
    lastLoginAt: timestamptz('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [lowercaseCheck('users_email_lowercase', t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** The id part of the `<id>.<secret>` session token. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Hex SHA-256 of the token's secret part; the secret itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at').notNull().defaultNow(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_expires_at_idx').on(t.expiresAt)],
);

export const oauthAccounts = pgTable(
  'oauth_accounts',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: oauthProviders }).notNull(),
    providerUserId: text('provider_user_id').notNull(),
    email: text('email'),
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('oauth_accounts_provider_user_unique').on(t.provider, t.providerUserId),
    index('oauth_accounts_user_id_idx').on(t.userId),
    enumCheck('oauth_accounts_provider_check', t.provider, oauthProviders),
  ],
);

export const emailTokens = pgTable(
  'email_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: emailTokenPurposes }).notNull(),
    /** Hash of the token mailed to the user. */
    tokenHash: text('token_hash').notNull().unique('email_tokens_token_hash_unique'),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('email_tokens_user_id_idx').on(t.userId),
    enumCheck('email_tokens_purpose_check', t.purpose, emailTokenPurposes),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type OAuthAccount = typeof oauthAccounts.$inferSelect;
export type NewOAuthAccount = typeof oauthAccounts.$inferInsert;
export type EmailToken = typeof emailTokens.$inferSelect;
export type NewEmailToken = typeof emailTokens.$inferInsert;
