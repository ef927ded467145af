import { eq } from 'drizzle-orm';
import { issueEmailToken } from '@vibemonitor/auth';
import { users, type Database } from '@vibemonitor/db';
import type { Logger } from 'pino';
import type { EmailTransport } from '../email/email-transport.js';
import { resetPasswordLink } from '../email/templates/email-links.js';
import { renderPasswordResetEmail } from '../email/templates/render-password-reset-email.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { normalizeEmail } from './normalize-email.js';
import { RESET_PASSWORD_TTL_MS } from './token-lifetimes.js';

/**
 * Mails a password reset link when the address has an account, and does
 * nothing otherwise; callers answer the same either way so the form cannot be
 * used to find out who has an account. Limits are spent for unknown addresses
 * too, for the same reason. A failed send is logged, not reported.
 */
export async function requestPasswordReset({
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
  input: { email: string };
  ip: string | undefined;
}): Promise<void> {
  const address = normalizeEmail(input.email);
  await rateLimiter.consume('forgot_password_ip', ip ?? 'unknown');
  await rateLimiter.consume('forgot_password_email', address);
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  if (!user) return;
  try {
    const token = await issueEmailToken({
      db,
      userId: user.id,
      purpose: 'reset_password',
      ttlMs: RESET_PASSWORD_TTL_MS,
    });
    const link = resetPasswordLink(webAppUrl, token);
    await email.send({
      to: user.email,
      ...renderPasswordResetEmail({ name: user.name ?? user.email, link }),
    });
  } catch (error) {
    logger.error({ err: error, userId: user.id }, 'could not send a password reset email');
  }
}
