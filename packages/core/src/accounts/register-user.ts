import { eq } from 'drizzle-orm';
import {
  assertPasswordPolicy,
  createSession,
  hashPassword,
  type SessionInfo,
} from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { isUniqueViolation, users, type Database } from '@vibemonitor/db';
import type { Logger } from 'pino';
import type { EmailTransport } from '../email/email-transport.js';
import { recordEngagement } from '../engagement/record-engagement.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createPersonalWorkspace } from '../workspaces/create-personal-workspace.js';
import { accountUserColumns, type AccountUser } from './account-user.js';
import { normalizeEmail } from './normalize-email.js';
import { sendVerificationEmail } from './send-verification-email.js';

const duplicateEmail = () =>
  new AppError(
    'CONFLICT',
    'An account with this email address already exists. Sign in instead, or reset your password.',
  );

/**
 * Signs up with email and password: the user, their personal workspace and the
 * `signup` event commit together, then a verification email goes out and a
 * session starts (so the new user can ask for the email again while signed in).
 * A failed email does not undo the signup: the user can resend it.
 */
export async function registerUser({
  db,
  email,
  rateLimiter,
  logger,
  webAppUrl,
  input,
  ip,
  userAgent,
}: {
  db: Database;
  email: EmailTransport;
  rateLimiter: RateLimiter;
  logger: Logger;
  webAppUrl: string;
  input: { email: string; password: string; name: string };
  ip: string | undefined;
  userAgent: string | undefined;
}): Promise<{
  user: AccountUser;
  token: string;
  session: SessionInfo;
  personalWorkspaceId: string;
}> {
  const address = normalizeEmail(input.email);
  const name = input.name.trim();
  assertPasswordPolicy(input.password, { email: address, name });
  await rateLimiter.consume('register_ip', ip ?? 'unknown');
  // Per address too: a person signs up once; many attempts for one address
  // from many networks are probing which addresses have accounts.
  await rateLimiter.consume('register_email', address);
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  if (existing) throw duplicateEmail();
  const passwordHash = await hashPassword(input.password);

  let created: { user: AccountUser; personalWorkspaceId: string };
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
      return { user, personalWorkspaceId: workspaceId };
    });
  } catch (error) {
    // Two sign-ups with one address at the same moment: the unique index decides.
    if (isUniqueViolation(error, 'users_email_unique')) throw duplicateEmail();
    throw error;
  }

  try {
    await sendVerificationEmail({ db, email, webAppUrl, user: created.user });
  } catch (error) {
    logger.error(
      { err: error, userId: created.user.id },
      'could not send the verification email after sign-up',
    );
  }
  const { token, session } = await createSession({ db, userId: created.user.id, ip, userAgent });
  return { ...created, token, session };
}
