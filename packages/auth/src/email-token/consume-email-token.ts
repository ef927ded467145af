import { and, eq, gt, isNull } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { emailTokens, type Database, type EmailTokenPurpose } from '@vibemonitor/db';
import { hashToken } from './hash-token.js';

/**
 * Uses up an emailed token and returns its user id. The claim is a single
 * `UPDATE ... WHERE used_at IS NULL AND expires_at > now RETURNING`, so two
 * concurrent clicks cannot both succeed. Failures are BAD_REQUEST AppErrors
 * saying whether the link expired, was already used or is invalid.
 * After a password reset, the caller should also invalidate all sessions.
 */
export async function consumeEmailToken({
  db,
  token,
  purpose,
  now = new Date(),
}: {
  db: Database;
  token: string;
  purpose: EmailTokenPurpose;
  now?: Date;
}): Promise<string> {
  const tokenHash = hashToken(token);
  const [claimed] = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.tokenHash, tokenHash),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ userId: emailTokens.userId });
  if (claimed) return claimed.userId;

  // Only reached on failure: find out why, to tell the person what to do next.
  const [existing] = await db
    .select({
      purpose: emailTokens.purpose,
      usedAt: emailTokens.usedAt,
      expiresAt: emailTokens.expiresAt,
    })
    .from(emailTokens)
    .where(eq(emailTokens.tokenHash, tokenHash))
    .limit(1);
  if (!existing || existing.purpose !== purpose) {
    throw new AppError(
      'BAD_REQUEST',
      'This link is invalid or was replaced by a newer one. Request a new link.',
    );
  }
  if (existing.usedAt) throw new AppError('BAD_REQUEST', 'This link has already been used.');
  throw new AppError('BAD_REQUEST', 'This link has expired. Request a new link.');
}
