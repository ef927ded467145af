import { eq } from 'drizzle-orm';
import { issueEmailToken } from '@vibemonitor/auth';
import { users, type Database } from '@vibemonitor/db';
import type { EmailTransport } from '../email/email-transport.js';
import { resetPasswordLink } from '../email/templates/email-links.js';
import { renderSignupAttemptEmail } from '../email/templates/render-signup-attempt-email.js';
import { recordSecurityEvent } from '../security/record-security-event.js';
import { RESET_PASSWORD_TTL_MS } from './token-lifetimes.js';

/**
 * The taken-address half of sign-up: records a `signup_existing_email`
 * security event and mails the owner that someone tried to sign up with their
 * address, with a single-use password reset link (it replaces an unused one).
 */
export async function notifySignupAttempt({
  db,
  email,
  webAppUrl,
  address,
  ip,
}: {
  db: Database;
  email: EmailTransport;
  webAppUrl: string;
  address: string;
  ip: string | undefined;
}): Promise<void> {
  // Looked up again: after a lost race the owner is the row that won it.
  const [owner] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  if (!owner) throw new Error('sign-up found the address taken but no account has it');
  await recordSecurityEvent({
    db,
    kind: 'signup_existing_email',
    userId: owner.id,
    ip,
    detail: { email: address },
  });
  const token = await issueEmailToken({
    db,
    userId: owner.id,
    purpose: 'reset_password',
    ttlMs: RESET_PASSWORD_TTL_MS,
  });
  await email.send({
    to: owner.email,
    ...renderSignupAttemptEmail({
      name: owner.name ?? owner.email,
      link: resetPasswordLink(webAppUrl, token),
    }),
  });
}
