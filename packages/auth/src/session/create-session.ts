import { sessions, type Database } from '@vibemonitor/db';
import { hashToken } from '../email-token/hash-token.js';
import { sessionExpiresAt } from './session-expiry.js';
import { generateSessionToken, parseSessionToken } from './session-token.js';
import { sessionInfoColumns, type SessionInfo } from './session-columns.js';

/** Longer user agents are cut: the column is for a human-readable "devices" list, not for storage abuse. */
const USER_AGENT_MAX = 512;

/**
 * Starts a 30-day session for `userId` and returns the token to put in the
 * cookie (or Authorization header). Only the id and a hash of the secret are stored.
 */
export async function createSession({
  db,
  userId,
  token = generateSessionToken(),
  userAgent,
  ip,
  now = new Date(),
}: {
  db: Database;
  userId: string;
  /** Normally omitted; pass one from generateSessionToken() when the token must be known first. */
  token?: string;
  userAgent?: string | null | undefined;
  ip?: string | null | undefined;
  now?: Date;
}): Promise<{ token: string; session: SessionInfo }> {
  const parts = parseSessionToken(token);
  if (!parts) throw new TypeError('createSession: token must come from generateSessionToken()');
  const [row] = await db
    .insert(sessions)
    .values({
      id: parts.id,
      userId,
      secretHash: hashToken(parts.secret),
      expiresAt: sessionExpiresAt(now),
      createdAt: now,
      lastUsedAt: now,
      userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
      ip: ip ?? null,
    })
    .returning(sessionInfoColumns);
  return { token, session: row! };
}
