import { AppError } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { EmailTransport } from '../email/email-transport.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { AccountUser } from './account-user.js';
import { sendVerificationEmail } from './send-verification-email.js';

/** Mails a new verification link to the signed-in user, at most a few times an hour. */
export async function resendVerification({
  db,
  email,
  rateLimiter,
  webAppUrl,
  user,
}: {
  db: Database;
  email: EmailTransport;
  rateLimiter: RateLimiter;
  webAppUrl: string;
  user: AccountUser;
}): Promise<void> {
  if (user.emailVerifiedAt)
    throw new AppError('PRECONDITION_FAILED', 'Your email address is already verified.');
  await rateLimiter.consume('email_send_user', user.id);
  await sendVerificationEmail({ db, email, webAppUrl, user });
}
