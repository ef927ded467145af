import { createHash } from 'node:crypto';
import type { JobQueue } from '@vibemonitor/jobs';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { normalizeEmail } from './normalize-email.js';

/** Requests for one address within this window share a job id, so a double submit mails once. */
export const PASSWORD_RESET_DEDUPE_WINDOW_MS = 60_000;

/**
 * The job id of a reset request: a hash of the address (ids are Redis keys,
 * visible to anyone who can list them) and the time bucket.
 */
export function passwordResetJobId(address: string, now: Date): string {
  const hash = createHash('sha256').update(address).digest('hex').slice(0, 32);
  return `password-reset-${hash}-${Math.floor(now.getTime() / PASSWORD_RESET_DEDUPE_WINDOW_MS)}`;
}

/**
 * The request half of auth.forgotPassword: spends the limits and enqueues the
 * email job for every address, known or not. It does not look the address up:
 * whether an account exists must change neither the answer nor its timing, so
 * the worker looks the user up, issues the token and sends the mail
 * (see send-password-reset-email.ts).
 */
export async function requestPasswordReset({
  queue,
  rateLimiter,
  webAppUrl,
  input,
  ip,
  now = new Date(),
}: {
  queue: Pick<JobQueue, 'enqueue'>;
  rateLimiter: RateLimiter;
  webAppUrl: string;
  input: { email: string };
  ip: string | undefined;
  now?: Date;
}): Promise<void> {
  const address = normalizeEmail(input.email);
  await rateLimiter.consume('forgot_password_ip', ip ?? 'unknown');
  await rateLimiter.consume('forgot_password_email', address);
  await queue.enqueue(
    'account.password-reset-email',
    { email: address, webAppUrl, ...(ip ? { ip } : {}) },
    // Re-running is safe: a retry issues a fresh token, which replaces the unused one.
    { jobId: passwordResetJobId(address, now), attempts: 3 },
  );
}
