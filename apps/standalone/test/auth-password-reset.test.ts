import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEmailToken } from '@vibemonitor/auth';
import { emailTokens } from '@vibemonitor/db';
import {
  GOOD_PASSWORD,
  emailCount,
  rawTrpc,
  securityEventsOf,
  seedUser,
  tokenFromLink,
  trpcError,
  userRow,
  waitForEmail,
  waitForIdleJobs,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * auth.forgotPassword and auth.resetPassword. Reset requests share a per-IP
 * budget of 10 an hour per stack: keep this file under it (the limits
 * themselves are tested in auth-password-reset-limits.test.ts). The reset
 * email is sent by the worker, so tests wait for it.
 */

const NEW_PASSWORD = 'violet-harbour-lantern-7';
const ANSWER = 'If an account exists for this address, we sent it a link to reset the password.';

let stack: TestStack;
let requests = 0;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  expect(requests).toBeLessThanOrEqual(10);
  await stack?.close();
});

function forgot(email: string) {
  requests++;
  return stack.client().auth.forgotPassword.mutate({ email });
}

/** Asks for a reset link and returns the token of the email the worker sends for it. */
async function resetToken(email: string): Promise<string> {
  const count = (await emailCount(stack, email, 'reset_password')) + 1;
  await forgot(email);
  const sent = await waitForEmail(stack, email, 'reset_password', { count });
  // The job must be gone before the next request, or that one would dedupe into it.
  await waitForIdleJobs(stack, 'account.password-reset-email');
  return tokenFromLink(sent.link);
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  return stack
    .client()
    .auth.login.mutate({ email, password })
    .then(
      () => true,
      () => false,
    );
}

describe('auth.forgotPassword', () => {
  it('gives an identical HTTP answer for a known and an unknown address, and mails only the known one', async () => {
    const user = await seedUser(stack, { email: 'twin-known@example.com' });
    const call = (email: string) => {
      requests++;
      return rawTrpc(stack, 'auth.forgotPassword', { input: { email } });
    };
    const known = await call('twin-known@example.com');
    const unknown = await call('twin-unknown@example.com');
    expect(known.status).toBe(200);
    expect(known.data).toEqual({ message: ANSWER });
    expect({ status: unknown.status, data: unknown.data, error: unknown.error }).toEqual({
      status: known.status,
      data: known.data,
      error: known.error,
    });
    expect(unknown.setCookies).toEqual(known.setCookies);

    await waitForEmail(stack, 'twin-known@example.com', 'reset_password');
    await waitForIdleJobs(stack, 'account.password-reset-email');
    expect(await emailCount(stack, 'twin-unknown@example.com', 'reset_password')).toBe(0);

    // Both requests are on record; only the known one names a user. No token in the detail.
    const requested = await securityEventsOf(stack, 'password_reset_requested');
    const byEmail = new Map(requested.map((e) => [e.detail.email, e]));
    expect(byEmail.get('twin-known@example.com')).toMatchObject({
      userId: user.id,
      ip: expect.stringContaining('127.0.0.1'),
      detail: { email: 'twin-known@example.com', accountExists: true },
    });
    expect(byEmail.get('twin-unknown@example.com')).toMatchObject({
      userId: null,
      ip: expect.stringContaining('127.0.0.1'),
      detail: { email: 'twin-unknown@example.com', accountExists: false },
    });
  });

  it('mails the known address a reset link, whatever the case it was typed in', async () => {
    await seedUser(stack, { email: 'known@example.com', name: 'Known' });
    expect(await forgot('Known@Example.com')).toEqual({ message: ANSWER });
    const email = await waitForEmail(stack, 'known@example.com', 'reset_password');
    expect(email.subject).toBe('Reset your VibeMonitor password');
    expect(email.link).toMatch(
      new RegExp(
        `^${stack.server.deps.settings.webAppUrl}/reset-password\\?token=[A-Za-z0-9_-]{43}$`,
      ),
    );
    expect(email.text).toContain('Hi Known,');
  });

  it('rejects a malformed email as a validation error', async () => {
    const error = await trpcError(stack.client().auth.forgotPassword.mutate({ email: 'known@' }));
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      validation: [
        { path: 'email', message: 'Enter a valid email address, like name@example.com.' },
      ],
    });
  });
});

describe('auth.resetPassword', () => {
  it('sets the new password and signs the user out everywhere', async () => {
    const user = await seedUser(stack, {
      email: 'reset@example.com',
      name: 'Reset',
      verified: true,
    });
    const sessionA = (
      await stack
        .client()
        .auth.login.mutate({ email: 'reset@example.com', password: GOOD_PASSWORD })
    ).token;
    const sessionB = (
      await stack
        .client()
        .auth.login.mutate({ email: 'reset@example.com', password: GOOD_PASSWORD })
    ).token;
    const token = await resetToken('reset@example.com');

    const response = await rawTrpc(stack, 'auth.resetPassword', {
      input: { token, password: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ sessionsEnded: 2 });
    expect(response.setCookies).toEqual(['vm_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0']);

    for (const session of [sessionA, sessionB]) {
      expect((await trpcError(stack.client(session).auth.me.query())).code).toBe('UNAUTHORIZED');
    }
    expect(await canSignIn('reset@example.com', GOOD_PASSWORD)).toBe(false);
    expect(await canSignIn('reset@example.com', NEW_PASSWORD)).toBe(true);
    // Following the emailed link proved the mailbox.
    expect((await userRow(stack, 'reset@example.com'))?.emailVerifiedAt).toBeInstanceOf(Date);

    const completed = await securityEventsOf(stack, 'password_reset_completed', user.id);
    expect(completed).toEqual([
      expect.objectContaining({ ip: expect.stringContaining('127.0.0.1'), detail: {} }),
    ]);
    const revoked = await securityEventsOf(stack, 'sessions_revoked', user.id);
    expect(revoked.map((e) => e.detail)).toEqual([{ reason: 'password_reset', sessionsEnded: 2 }]);
    for (const event of [...completed, ...revoked]) {
      expect(JSON.stringify(event.detail)).not.toContain(NEW_PASSWORD);
      expect(JSON.stringify(event.detail)).not.toContain(token);
    }

    const reused = await trpcError(
      stack.client().auth.resetPassword.mutate({ token, password: 'another-fine-password-9' }),
    );
    expect(reused).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link has already been used.',
    });
  });

  it('refuses a short or common password without using up the link', async () => {
    await seedUser(stack, { email: 'policy@example.com' });
    const token = await resetToken('policy@example.com');
    const client = stack.client();
    const short = await trpcError(client.auth.resetPassword.mutate({ token, password: 'tiny' }));
    expect(short).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
      message: 'Use at least 10 characters for your password.',
    });
    const common = await trpcError(
      client.auth.resetPassword.mutate({ token, password: 'qwertyuiop' }),
    );
    expect(common.message).toMatch(/too common/);
    expect(await client.auth.resetPassword.mutate({ token, password: NEW_PASSWORD })).toEqual({
      sessionsEnded: 0,
    });
  });

  it('refuses an expired link, a made-up one and a verification link', async () => {
    const user = await seedUser(stack, { email: 'expired@example.com', verified: true });
    const token = await resetToken('expired@example.com');
    await stack.runtime.database.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, 'reset_password')));
    const client = stack.client();
    const expired = await trpcError(
      client.auth.resetPassword.mutate({ token, password: NEW_PASSWORD }),
    );
    expect(expired).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link has expired. Request a new link.',
    });
    expect(await canSignIn('expired@example.com', GOOD_PASSWORD)).toBe(true);

    const madeUp = await trpcError(
      client.auth.resetPassword.mutate({ token: 'x'.repeat(43), password: NEW_PASSWORD }),
    );
    expect(madeUp.message).toBe(
      'This link is invalid or was replaced by a newer one. Request a new link.',
    );

    const verifyToken = await issueEmailToken({
      db: stack.runtime.database.db,
      userId: user.id,
      purpose: 'verify_email',
      ttlMs: 60_000,
    });
    const wrongPurpose = await trpcError(
      client.auth.resetPassword.mutate({ token: verifyToken, password: NEW_PASSWORD }),
    );
    expect(wrongPurpose.message).toBe(
      'This link is invalid or was replaced by a newer one. Request a new link.',
    );
    expect(await canSignIn('expired@example.com', GOOD_PASSWORD)).toBe(true);
  });

  it('only the newest link works', async () => {
    await seedUser(stack, { email: 'twice@example.com' });
    const first = await resetToken('twice@example.com');
    const second = await resetToken('twice@example.com');
    const client = stack.client();
    expect(
      (await trpcError(client.auth.resetPassword.mutate({ token: first, password: NEW_PASSWORD })))
        .message,
    ).toMatch(/replaced by a newer one/);
    expect(
      await client.auth.resetPassword.mutate({ token: second, password: NEW_PASSWORD }),
    ).toEqual({ sessionsEnded: 0 });
  });
});
