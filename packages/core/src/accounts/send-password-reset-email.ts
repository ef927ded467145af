import { eq } from 'drizzle-orm';
import { issueEmailToken } from '@vibemonitor/auth';
import { users, type Database } from '@vibemonitor/db';
import type { EmailTransport } from '../email/email-transport.js';
import { resetPasswordLink } from '../email/templates/email-links.js';
import { renderPasswordResetEmail } from '../email/templates/render-password-reset-email.js';
import { recordSecurityEvent } from '../security/record-security-event.js';
import { normalizeEmail } from './normalize-email.js';
import { RESET_PASSWORD_TTL_MS } from './token-lifetimes.js';

/**
 * The worker half of auth.forgotPassword: records the request, and when the
 * address has an account issues a single-use reset token and mails the link.
 * Re-entrant: a re-run issues a fresh token, which invalidates the unused
 * one from the earlier run (only the newest link works). A failed send
 * throws, so the queue retries.
 * @returns whether an email was sent (false for an address without an account).
 */
export async function sendPasswordResetEmail({
  db,
  email,
  request,
  now = new Date(),
}: {
  db: Database;
  email: EmailTransport;
  request: { email: string; webAppUrl: string; ip?: string | undefined };
  now?: Date;
}): Promise<{ sent: boolean }> {
  const address = normalizeEmail(request.email);
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  await recordSecurityEvent({
    db,
    kind: 'password_reset_requested',
    userId: user?.id,
    ip: request.ip,
    detail: { email: address, accountExists: user !== undefined },
  });
  if (!user) return { sent: false };
  const token = await issueEmailToken({
    db,
    userId: user.id,
    purpose: 'reset_password',
    ttlMs: RESET_PASSWORD_TTL_MS,
    now,
  });
  await email.send({
    to: user.email,
    ...renderPasswordResetEmail({
      name: user.name ?? user.email,
      link: resetPasswordLink(request.webAppUrl, token),
    }),
  });
  return { sent: true };
}
