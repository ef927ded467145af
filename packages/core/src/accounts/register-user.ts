import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { assertPasswordPolicy, hashPassword } from '@vibemonitor/auth';
import { isUniqueViolation, users, type Database } from '@vibemonitor/db';
import type { Logger } from 'pino';
import type { EmailTransport } from '../email/email-transport.js';
import { recordEngagement } from '../engagement/record-engagement.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createPersonalWorkspace } from '../workspaces/create-personal-workspace.js';
import { accountUserColumns } from './account-user.js';
import { normalizeEmail } from './normalize-email.js';
import { notifySignupAttempt } from './notify-signup-attempt.js';
import { sendVerificationEmail } from './send-verification-email.js';

/**
 * The least time a sign-up that passed validation and the limits takes to
 * answer. The two paths do similar but not equal work (the new one commits a
 * user, a workspace, a membership and an event; the taken one a security
 * event): a few milliseconds apart, which the floor hides as long as the work
 * takes less (measured by bench/signup-timing.ts; sign-ups are rare, so the
 * wait costs nobody much).
 */
export const SIGNUP_ANSWER_FLOOR_MS = 300;

/**
 * Signs up with email and password, answering the same way for a new address
 * and for one that already has an account, so sign-up does not tell anyone
 * which addresses have accounts:
 * - new address: the user, their personal workspace and the `signup` event
 *   commit together, and a verification link is mailed. No session starts: the
 *   account can sign in once the address is confirmed (see loginWithPassword),
 *   so whoever signed up must own the mailbox.
 * - taken address: nothing changes; the owner is mailed that someone tried to
 *   sign up, with a password reset link (for an owner who forgot), and a
 *   `signup_existing_email` security event is recorded.
 * Both paths hash the password, write to the database, issue one email token
 * and send one email, and the answer waits for SIGNUP_ANSWER_FLOOR_MS, so they
 * also take the same time.
 * A failed email is logged on both paths and changes nothing in the answer.
 * @returns the normalised address the email went to.
 */
export async function registerUser({
  db,
  email,
  rateLimiter,
  logger,
  webAppUrl,
  input,
  ip,
}: {
  db: Database;
  email: EmailTransport;
  rateLimiter: RateLimiter;
  logger: Logger;
  webAppUrl: string;
  input: { email: string; password: string; name: string };
  ip: string | undefined;
}): Promise<{ email: string }> {
  const address = normalizeEmail(input.email);
  const name = input.name.trim();
  assertPasswordPolicy(input.password, { email: address, name });
  await rateLimiter.consume('register_ip', ip ?? 'unknown');
  // Per address too: a person signs up once; many attempts for one address
  // from many networks are probing which addresses have accounts.
  await rateLimiter.consume('register_email', address);
  const started = performance.now();
  // Hashed before the lookup, on both paths: argon2 is most of the time a
  // sign-up takes, and skipping it for taken addresses would tell them apart.
  const passwordHash = await hashPassword(input.password);
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);

  let created: { id: string; email: string; name: string | null } | undefined;
  if (!existing) {
    try {
      created = await db.transaction(async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({ email: address, name, passwordHash })
          .returning(accountUserColumns);
        if (!user) throw new Error('insert into users returned no row');
        const { workspaceId } = await createPersonalWorkspace({
          db: tx,
          userId: user.id,
          userName: name,
        });
        await recordEngagement({
          db: tx,
          kind: 'signup',
          userId: user.id,
          workspaceId,
          properties: { method: 'password' },
        });
        return user;
      });
    } catch (error) {
      // Two sign-ups with one address at the same moment: the unique index
      // decides, and the loser is answered like any taken address.
      if (!isUniqueViolation(error, 'users_email_unique')) throw error;
    }
  }

  try {
    if (created) {
      await sendVerificationEmail({ db, email, webAppUrl, user: created });
    } else {
      await notifySignupAttempt({ db, email, webAppUrl, address, ip });
    }
  } catch (error) {
    logger.error(
      { err: error, userId: created?.id ?? existing?.id },
      'could not send the email after a sign-up attempt',
    );
  }
  await sleep(Math.max(0, SIGNUP_ANSWER_FLOOR_MS - (performance.now() - started)));
  return { email: address };
}
