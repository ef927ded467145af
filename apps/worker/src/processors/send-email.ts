import { sendPasswordResetEmail, type EmailTransport } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { JobContext } from '@vibemonitor/jobs';

/**
 * Runs one `account.password-reset-email` job: the user lookup, the token
 * and the email all happen here, off the request path, so auth.forgotPassword
 * answers in the same time for every address. Re-entrant: a re-run mails a
 * fresh link, which replaces the earlier unused one.
 */
export function createPasswordResetEmailProcessor(deps: { db: Database; email: EmailTransport }) {
  return async ({ payload }: JobContext<'account.password-reset-email'>): Promise<void> => {
    await sendPasswordResetEmail({ db: deps.db, email: deps.email, request: payload });
  };
}
