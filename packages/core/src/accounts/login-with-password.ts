import { eq } from 'drizzle-orm';
import {
  createSession,
  hashPassword,
  passwordNeedsRehash,
  verifyPassword,
  type SessionInfo,
} from '@vibemonitor/auth';
import { AppError, isAppError } from '@vibemonitor/contracts';
import { users, type Database } from '@vibemonitor/db';
import { recordEngagement } from '../engagement/record-engagement.js';
import type { RateLimitName, RateLimiter } from '../rate-limit/rate-limiter.js';
import { recordSecurityEvent } from '../security/record-security-event.js';
import { accountUserColumns, type AccountUser } from './account-user.js';
import { normalizeEmail } from './normalize-email.js';

/**
 * One message for every credential failure, so sign-in does not reveal which
 * emails have accounts. It names the unconfirmed address too: a password
 * account signs in only once its address is confirmed, and a distinct
 * "not confirmed" answer would tell whoever just signed up with someone
 * else's address that the address was free (see registerUser).
 */
export const INCORRECT_CREDENTIALS =
  'Incorrect email or password, or the address is not confirmed yet: a new account signs in after opening the link we emailed.';

/**
 * Password sign-in. Both limits are spent before any lookup (per network and
 * per account, so neither a botnet nor one address can guess freely). Unknown
 * emails and password-less (OAuth-only) accounts still cost one argon2 verify
 * (`verifyPassword(null, ...)`), so the answer takes as long as a wrong password.
 * An account whose address is not confirmed is refused with the same answer
 * (it was signed up by someone who may not own the mailbox).
 * Failures are logged as `login_failed`, refusals by a limit as `login_rate_limited`.
 */
export async function loginWithPassword({
  db,
  rateLimiter,
  input,
  ip,
  userAgent,
  now = new Date(),
}: {
  db: Database;
  rateLimiter: RateLimiter;
  input: { email: string; password: string };
  ip: string | undefined;
  userAgent: string | undefined;
  now?: Date;
}): Promise<{ user: AccountUser; token: string; session: SessionInfo }> {
  const address = normalizeEmail(input.email);
  await consumeLoginLimit({
    db,
    rateLimiter,
    name: 'login_ip',
    subject: ip ?? 'unknown',
    address,
    ip,
  });
  await consumeLoginLimit({ db, rateLimiter, name: 'login_email', subject: address, address, ip });

  const [row] = await db
    .select({ user: accountUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  const ok = await verifyPassword(row?.passwordHash ?? null, input.password);
  if (!row || !ok || !row.user.emailVerifiedAt) {
    // Every failure writes the same row, so the insert does not set the kinds apart by timing.
    await recordSecurityEvent({
      db,
      kind: 'login_failed',
      userId: row?.user.id,
      ip,
      detail: {
        email: address,
        reason: !row
          ? 'unknown_email'
          : !row.passwordHash
            ? 'no_password'
            : !ok
              ? 'wrong_password'
              : 'email_not_verified',
      },
    });
    throw new AppError('UNAUTHORIZED', INCORRECT_CREDENTIALS);
  }

  // A success clears the per-account budget so an owner's own typos do not lock them out later.
  await rateLimiter.reset('login_email', address);
  const rehash =
    row.passwordHash && passwordNeedsRehash(row.passwordHash)
      ? await hashPassword(input.password)
      : undefined;
  const [updated] = await db
    .update(users)
    .set({ lastLoginAt: now, ...(rehash ? { passwordHash: rehash } : {}) })
    .where(eq(users.id, row.user.id))
    .returning(accountUserColumns);
  await recordEngagement({
    db,
    kind: 'login',
    userId: row.user.id,
    properties: { method: 'password' },
  });
  const { token, session } = await createSession({ db, userId: row.user.id, ip, userAgent, now });
  return { user: updated ?? row.user, token, session };
}

/**
 * Spends one point of a sign-in limit. A refusal is logged as
 * `login_rate_limited` once per limit and subject per window (the
 * `security_event_log` budget), then rethrown.
 */
async function consumeLoginLimit({
  db,
  rateLimiter,
  name,
  subject,
  address,
  ip,
}: {
  db: Database;
  rateLimiter: RateLimiter;
  name: RateLimitName;
  subject: string;
  address: string;
  ip: string | undefined;
}): Promise<void> {
  try {
    await rateLimiter.consume(name, subject);
  } catch (error) {
    if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS') {
      const firstInWindow = await rateLimiter
        .consume('security_event_log', `login_rate_limited|${name}|${subject}`)
        .then(
          () => true,
          () => false,
        );
      if (firstInWindow) {
        await recordSecurityEvent({
          db,
          kind: 'login_rate_limited',
          ip,
          detail: { email: address, limit: name },
        });
      }
    }
    throw error;
  }
}
