import { eq } from 'drizzle-orm';
import { sessions, type Database } from '@vibemonitor/db';
import { createSession } from './create-session.js';
import type { SessionInfo, SessionUser } from './session-columns.js';
import { validateSessionToken } from './validate-session-token.js';

/**
 * Replaces a valid session with a new one for the same user (auth.refresh,
 * and after privilege changes, so a token captured earlier stops working).
 * Returns null when the old token is not valid or was already rotated by a
 * concurrent request: only one caller gets the new session.
 */
export async function rotateSession({
  db,
  token,
  userAgent,
  ip,
  now = new Date(),
}: {
  db: Database;
  token: string;
  /** Default to the old session's values. */
  userAgent?: string | null;
  ip?: string | null;
  now?: Date;
}): Promise<{ token: string; session: SessionInfo; user: SessionUser } | null> {
  const current = await validateSessionToken({ db, token, now });
  if (!current) return null;
  return db.transaction(async (tx) => {
    // Delete-with-RETURNING is the claim: of two concurrent rotations only one sees the row.
    const claimed = await tx
      .delete(sessions)
      .where(eq(sessions.id, current.session.id))
      .returning({ id: sessions.id });
    if (claimed.length === 0) return null;
    const created = await createSession({
      db: tx,
      userId: current.user.id,
      userAgent: userAgent === undefined ? current.session.userAgent : userAgent,
      ip: ip === undefined ? current.session.ip : ip,
      now,
    });
    return { ...created, user: current.user };
  });
}
