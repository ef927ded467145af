import { and, eq, ne } from 'drizzle-orm';
import { sessions, type Database } from '@vibemonitor/db';

/** Signs one session out (sign-out). Unknown ids are fine. */
export async function invalidateSession({
  db,
  sessionId,
}: {
  db: Database;
  sessionId: string;
}): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Signs a user out everywhere, e.g. after a password reset, optionally keeping
 * the session making the request ("sign out other devices"). Returns how many
 * sessions were removed.
 */
export async function invalidateAllUserSessions({
  db,
  userId,
  exceptSessionId,
}: {
  db: Database;
  userId: string;
  exceptSessionId?: string;
}): Promise<number> {
  const condition =
    exceptSessionId === undefined
      ? eq(sessions.userId, userId)
      : and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId));
  const removed = await db.delete(sessions).where(condition).returning({ id: sessions.id });
  return removed.length;
}
