import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailCount, seedUser, trpcError, waitForIdleJobs } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/* Rate limits of auth.forgotPassword: 3 per address and 10 per network an hour. */

const ANSWER = 'If an account exists for this address, we sent it a link to reset the password.';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  await seedUser(stack, { email: 'flooded@example.com' });
});
afterAll(async () => {
  await stack?.close();
});

const forgot = (email: string) => stack.client().auth.forgotPassword.mutate({ email });

/**
 * One accepted request, and its email job finished: requests in a quick burst
 * would otherwise dedupe into one job (tested in auth-password-reset-queue.test.ts).
 */
async function forgotAndSettle(email: string) {
  const answer = await forgot(email);
  await waitForIdleJobs(stack, 'account.password-reset-email');
  return answer;
}

describe('auth.forgotPassword rate limits', () => {
  it('mail one address at most 3 times an hour, and treat unknown addresses the same way', async () => {
    for (const address of ['flooded@example.com', 'nobody-here@example.com']) {
      for (let i = 0; i < 3; i++)
        expect(await forgotAndSettle(address)).toEqual({ message: ANSWER });
      const limited = await trpcError(forgot(address));
      expect(limited).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        httpStatus: 429,
        details: { limit: 'forgot_password_email', retryAfterSeconds: expect.any(Number) },
      });
      expect(limited.message).toMatch(
        /^Too many password reset emails for this address\. Try again in \d+ seconds\.$/,
      );
    }
    await waitForIdleJobs(stack, 'account.password-reset-email');
    expect(await emailCount(stack, 'flooded@example.com', 'reset_password')).toBe(3);
    expect(await emailCount(stack, 'nobody-here@example.com', 'reset_password')).toBe(0);
  });

  it('refuse an 11th request from one network within the hour, whatever the address', async () => {
    // 8 requests above spent the network budget; two more fit.
    expect(await forgot('one@example.com')).toEqual({ message: ANSWER });
    expect(await forgot('two@example.com')).toEqual({ message: ANSWER });
    const limited = await trpcError(forgot('three@example.com'));
    expect(limited).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { limit: 'forgot_password_ip' },
    });
    expect(limited.details!.retryAfterSeconds as number).toBeGreaterThan(3000);
  });
});

describe('auth.resetPassword rate limit', () => {
  it('refuses a 21st reset attempt from one network within the hour (each attempt may cost an argon2 hash)', async () => {
    const reset = () =>
      stack
        .client()
        .auth.resetPassword.mutate({
          token: 'not-a-real-reset-token-0123456789',
          password: 'plum-orbit-kettle-42',
        });
    for (let i = 0; i < 20; i++) {
      const error = await trpcError(reset());
      expect(error).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'This link is invalid or was replaced by a newer one. Request a new link.',
      });
    }
    const limited = await trpcError(reset());
    expect(limited).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { limit: 'reset_password_ip' },
    });
  });
});
