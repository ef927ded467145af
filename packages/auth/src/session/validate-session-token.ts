import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { sessions, users, type Database } from '@vibemonitor/db';
import { hashToken } from '../email-token/hash-token.js';
import {
  sessionInfoColumns,
  sessionUserColumns,
  type SessionInfo,
  type SessionUser,
} from './session-columns.js';
import { sessionExpiresAt, sessionExpiryDecision } from './session-expiry.js';
import { parseSessionToken } from './session-token.js';

export interface ValidatedSession {
  session: SessionInfo;
  user: SessionUser;
  /** True when the expiry slid forward: send the cookie again with the new `session.expiresAt`. */
  refreshed: boolean;
}

/**
 * Resolves a session token to its session and user, or null when the token is
 * malformed, unknown, wrong or expired (expired sessions are deleted on sight).
 * Slides the 30-day expiry forward once less than 15 days remain.
 */
export async function validateSessionToken({
  db,
  token,
  now = new Date(),
}: {
  db: Database;
  token: string;
  now?: Date;
}): Promise<ValidatedSession | null> {
  const parts = parseSessionToken(token);
  if (!parts) return null;

  const [row] = await db
    .select({
      session: sessionInfoColumns,
      secretHash: sessions.secretHash,
      user: sessionUserColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, parts.id))
    .limit(1);
  if (!row) return null;

  // The id lookup is not secret; the secret comparison must not leak how many bytes matched.
  const expected = decodeHex(row.secretHash);
  const actual = decodeHex(hashToken(parts.secret));
  if (!constantTimeEqual(expected, actual)) return null;

  const { session, user } = row;
  switch (sessionExpiryDecision(session, now)) {
    case 'expired':
      await db.delete(sessions).where(eq(sessions.id, session.id));
      return null;
    case 'refresh': {
      const expiresAt = sessionExpiresAt(now);
      await db
        .update(sessions)
        .set({ expiresAt, lastUsedAt: now })
        .where(eq(sessions.id, session.id));
      return { session: { ...session, expiresAt, lastUsedAt: now }, user, refreshed: true };
    }
    case 'touch':
      await db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, session.id));
      return { session: { ...session, lastUsedAt: now }, user, refreshed: false };
    case 'keep':
      return { session, user, refreshed: false };
  }
}
