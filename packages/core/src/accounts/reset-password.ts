import { and, eq, gt, isNull } from 'drizzle-orm';
import {
  assertPasswordPolicy,
  consumeEmailToken,
  hashPassword,
  hashToken,
  invalidateAllUserSessions,
} from '@vibemonitor/auth';
import { emailTokens, users, type Database } from '@vibemonitor/db';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { recordSecurityEvent } from '../security/record-security-event.js';

/**
 * Sets a new password from an emailed reset link and signs the user out
 * everywhere (whoever knew the old password loses their sessions). The policy
 * is checked before the link is used up, so a rejected password does not burn
 * the link. Following the link proves control of the mailbox, so the address
 * counts as verified afterwards. The (expensive) password hash is computed
 * only for a link that can still be used, and attempts are limited per IP, so
 * the endpoint cannot be used to burn the server's CPU.
 */
export async function resetPassword({
  db,
  input,
  ip,
  rateLimiter,
  now = new Date(),
}: {
  db: Database;
  rateLimiter: RateLimiter;
  input: { token: string; password: string };
  ip: string | undefined;
  now?: Date;
}): Promise<{ userId: string; sessionsEnded: number }> {
  await rateLimiter.consume('reset_password_ip', ip ?? 'unknown');
  assertPasswordPolicy(input.password);
  const [usable] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(input.token)),
        eq(emailTokens.purpose, 'reset_password'),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .limit(1);
  // An unusable link fails here with consumeEmailToken's own precise message
  // (expired, used, invalid), before any hashing.
  if (!usable) await consumeEmailToken({ db, token: input.token, purpose: 'reset_password', now });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const userId = await consumeEmailToken({
      db: tx,
      token: input.token,
      purpose: 'reset_password',
      now,
    });
    const [owner] = await tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    // Rolls the token back with the transaction: the user may try another password with the same link.
    assertPasswordPolicy(input.password, { email: owner?.email, name: owner?.name });
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
