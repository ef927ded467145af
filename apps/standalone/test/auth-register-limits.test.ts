import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, emailCount, trpcError, userRow } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * The per-address sign-up limit (5 an hour), next to the per-network one
 * (10 an hour, tested in auth-register.test.ts): its own stack, so the
 * network budget is fresh.
 */

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack?.close();
});

const register = (email: string) =>
  stack.client().auth.register.mutate({ email, password: GOOD_PASSWORD, name: 'Repeat' });

describe('sign-up rate limit per address', () => {
  it('refuses a 6th sign-up attempt for one address within the hour, whatever its case', async () => {
    const first = await register('repeat@example.com');
    expect(first.status).toBe('check_email');
    for (const spelling of [
      'repeat@example.com',
      'Repeat@example.com',
      ' REPEAT@example.com',
      'repeat@Example.com',
    ]) {
      // Taken: answered like the first, and the owner is told each time.
      expect(await register(spelling)).toEqual(first);
    }
    expect(await emailCount(stack, 'repeat@example.com', 'signup_existing_account')).toBe(4);
    const limited = await trpcError(register('repeat@example.com'));
    expect(limited).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      details: { limit: 'register_email', retryAfterSeconds: expect.any(Number) },
    });
    expect(limited.message).toMatch(
      /^Too many sign-up attempts for this address\. Try again in \d+ seconds\.$/,
    );
    expect(limited.details!.retryAfterSeconds as number).toBeGreaterThan(3000);
  });

  it('is per address: another address from the same network still signs up', async () => {
    expect((await register('fresh@example.com')).email).toBe('fresh@example.com');
    expect(await userRow(stack, 'fresh@example.com')).toMatchObject({ email: 'fresh@example.com' });
  });
});
