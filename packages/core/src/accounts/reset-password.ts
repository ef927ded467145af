import { and, eq, isNull } from 'drizzle-orm';
import {
  assertPasswordPolicy,
  consumeEmailToken,
  hashPassword,
  invalidateAllUserSessions,
} from '@vibemonitor/auth';
import { users, type Database } from '@vibemonitor/db';
import { recordSecurityEvent } from '../security/record-security-event.js';

/**
 * Sets a new password from an emailed reset link and signs the user out
 * everywhere (whoever knew the old password loses their sessions). The policy
 * is checked before the link is used up, so a rejected password does not burn
 * the link. Following the link proves control of the mailbox, so the address
 * counts as verified afterwards.
 */
export async function resetPassword({
  db,
  input,
  ip,
  now = new Date(),
}: {
  db: Database;
  input: { token: string; password: string };
  ip: string | undefined;
  now?: Date;
}): Promise<{ userId: string; sessionsEnded: number }> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const userId = await consumeEmailToken({
      db: tx,
      token: input.token,
      purpose: 'reset_password',
      now,
    });
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
    const sessionsEnded = await invalidateAllUserSessions({ db: tx, userId });
    await recordSecurityEvent({ db: tx, kind: 'password_reset_completed', userId, ip });
    await recordSecurityEvent({
      db: tx,
      kind: 'sessions_revoked',
      userId,
      ip,
      detail: { reason: 'password_reset', sessionsEnded },
    });
    return { userId, sessionsEnded };
  });
}
