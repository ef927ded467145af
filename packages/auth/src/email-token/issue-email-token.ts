import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { emailTokens, type Database, type EmailTokenPurpose } from '@vibemonitor/db';
import { hashToken } from './hash-token.js';

/**
 * Issues a single-use token for an emailed link (verify email, reset
 * password) and returns the raw token to put in the link; only its hash is
 * stored. Earlier unused tokens of the same purpose are deleted, so only the
 * newest link works.
 */
export async function issueEmailToken({
  db,
  userId,
  purpose,
  ttlMs,
  now = new Date(),
}: {
  db: Database;
  userId: string;
  purpose: EmailTokenPurpose;
  ttlMs: number;
  now?: Date;
}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await tx
      .delete(emailTokens)
      .where(
        and(
          eq(emailTokens.userId, userId),
          eq(emailTokens.purpose, purpose),
          isNull(emailTokens.usedAt),
        ),
      );
    await tx.insert(emailTokens).values({
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ttlMs),
      createdAt: now,
    });
  });
  return token;
}
