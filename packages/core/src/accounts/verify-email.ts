import { consumeEmailToken } from '@vibemonitor/auth';
import { and, eq, isNull } from 'drizzle-orm';
import { users, type Database } from '@vibemonitor/db';
import { findAccountUser, type AccountUser } from './account-user.js';

/**
 * Uses up a verification link and marks the address verified. Expired, reused
 * or unknown links fail with the BAD_REQUEST message from consumeEmailToken.
 */
export async function verifyEmail({
  db,
  token,
  now = new Date(),
}: {
  db: Database;
  token: string;
  now?: Date;
}): Promise<AccountUser> {
  return db.transaction(async (tx) => {
    const userId = await consumeEmailToken({ db: tx, token, purpose: 'verify_email', now });
    // Keep the first verification time if the address was already verified another way (OAuth, reset).
    await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
    const user = await findAccountUser({ db: tx, userId });
    if (!user) throw new Error(`verified user ${userId} vanished inside its transaction`);
    return user;
  });
}
