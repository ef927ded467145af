import { issueEmailToken } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type { EmailTransport } from '../email/email-transport.js';
import { verifyEmailLink } from '../email/templates/email-links.js';
import { renderVerificationEmail } from '../email/templates/render-verification-email.js';
import type { AccountUser } from './account-user.js';
import { VERIFY_EMAIL_TTL_MS } from './token-lifetimes.js';

/** Issues a fresh verification token (older links stop working) and mails the link. */
export async function sendVerificationEmail({
  db,
  email,
  webAppUrl,
  user,
}: {
  db: Database;
  email: EmailTransport;
  webAppUrl: string;
  user: Pick<AccountUser, 'id' | 'email' | 'name'>;
}): Promise<void> {
  const token = await issueEmailToken({
    db,
    userId: user.id,
    purpose: 'verify_email',
    ttlMs: VERIFY_EMAIL_TTL_MS,
  });
  const link = verifyEmailLink(webAppUrl, token);
  await email.send({
    to: user.email,
    ...renderVerificationEmail({ name: user.name ?? user.email, link }),
  });
}
