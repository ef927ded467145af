import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailTokens, engagementEvents, memberships, workspaces } from '@vibemonitor/db';
import {
  GOOD_PASSWORD,
  emailCount,
  lastEmail,
  rawTrpc,
  tokenFromLink,
  trpcError,
  userRow,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * auth.register, auth.verifyEmail, auth.resendVerification.
 * Sign-ups share one per-IP budget (10 an hour) in this file: the last test
 * spends what is left, so keep new sign-ups above it few.
 */

let stack: TestStack;
let registrations = 0;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack?.close();
});

async function register(email: string, name = 'Ada Lovelace') {
  registrations++;
  return stack.client().auth.register.mutate({ email, password: GOOD_PASSWORD, name });
}

describe('auth.register', () => {
  it('creates the user and a personal workspace, signs them in and mails a verification link', async () => {
    const result = await register('  Ada@Example.COM ');
    expect(result.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      emailVerified: false,
      emailVerifiedAt: null,
    });
    expect(result.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(Object.keys(result.user).sort()).toEqual(
      [
        'avatarUrl',
        'createdAt',
        'email',
        'emailVerified',
        'emailVerifiedAt',
        'id',
        'lastLoginAt',
        'name',
      ].sort(),
    );

    const me = await stack.client(result.token).auth.me.query();
    expect(me.user.id).toBe(result.user.id);

    const db = stack.runtime.database.db;
    const owned = await db
      .select({ type: workspaces.type, name: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, result.user.id));
    expect(owned).toEqual([{ type: 'personal', name: "Ada Lovelace's workspace", role: 'owner' }]);

    const events = await db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.userId, result.user.id));
    expect(events.map((e) => [e.kind, e.properties])).toEqual([['signup', { method: 'password' }]]);

    const email = await lastEmail(stack, 'ada@example.com', 'verify_email');
    expect(email.link).toMatch(
      new RegExp(
        `^${stack.server.deps.settings.webAppUrl}/verify-email\\?token=[A-Za-z0-9_-]{43}$`,
      ),
    );
    expect(email.text).toContain(email.link);
    expect(email.html).toContain(`href="${email.link}"`);

    const stored = await userRow(stack, 'ada@example.com');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('sets an HttpOnly session cookie when called like a browser', async () => {
    registrations++;
    const response = await rawTrpc(stack, 'auth.register', {
      input: { email: 'cookie-signup@example.com', password: GOOD_PASSWORD, name: 'Cookie' },
      origin: stack.url,
    });
    expect(response.status).toBe(200);
    const cookie = response.setCookies.find((c) => c.startsWith('vm_session='));
    expect(cookie).toMatch(
      /^vm_session=[a-z2-7]+\.[a-z2-7]+; HttpOnly; SameSite=Lax; Path=\/; Expires=/,
    );
    expect(cookie).toContain(`vm_session=${String(response.data?.token)}`);
  });

  it('refuses a second account for the same email, whatever its case, with a clear CONFLICT', async () => {
    const error = await trpcError(register('ADA@example.com', 'Someone Else'));
    expect(error).toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
    expect(error.message).toBe(
      'An account with this email address already exists. Sign in instead, or reset your password.',
    );
  });

  it('rejects a malformed email, a missing name and an oversized name as validation errors', async () => {
    const client = stack.client();
    const bad = await trpcError(
      client.auth.register.mutate({ email: 'not-an-email', password: GOOD_PASSWORD, name: 'X' }),
    );
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(bad.validation).toEqual([
      { path: 'email', message: 'Enter a valid email address, like name@example.com.' },
    ]);

    const noName = await trpcError(
      client.auth.register.mutate({ email: 'x@example.com', password: GOOD_PASSWORD, name: '   ' }),
    );
    expect(noName.validation).toEqual([{ path: 'name', message: 'Enter your name.' }]);

    const longName = await trpcError(
      client.auth.register.mutate({
        email: 'x@example.com',
        password: GOOD_PASSWORD,
        name: 'n'.repeat(101),
      }),
    );
    expect(longName.validation).toEqual([
      { path: 'name', message: 'Names are at most 100 characters.' },
    ]);
  });

  it('rejects short and common passwords with the policy message and creates nothing', async () => {
    const client = stack.client();
    const short = await trpcError(
      client.auth.register.mutate({ email: 'weak@example.com', password: 'short', name: 'W' }),
    );
    expect(short).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
      message: 'Use at least 10 characters for your password.',
    });
    const common = await trpcError(
      client.auth.register.mutate({
        email: 'weak@example.com',
        password: 'password123',
        name: 'W',
      }),
    );
    expect(common.appCode).toBe('VALIDATION_FAILED');
    expect(common.message).toMatch(/too common/);
    expect(await userRow(stack, 'weak@example.com')).toBeUndefined();
  });

  it('escapes the chosen name in the HTML of the verification email', async () => {
    await register('markup@example.com', '<img src=x onerror=alert(1)>');
    const email = await lastEmail(stack, 'markup@example.com', 'verify_email');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;,');
    expect(email.text).toContain('Hi <img src=x onerror=alert(1)>,');
  });
});

describe('auth.verifyEmail', () => {
  it('verifies the address once; the same link then fails with "already used"', async () => {
    const token = tokenFromLink((await lastEmail(stack, 'ada@example.com', 'verify_email')).link);
    const client = stack.client();
    const { user } = await client.auth.verifyEmail.mutate({ token });
    expect(user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);

    const reused = await trpcError(client.auth.verifyEmail.mutate({ token }));
    expect(reused).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link has already been used.',
    });
  });

  it('refuses a made-up token and an empty one clearly, never with a 500', async () => {
    const client = stack.client();
    const madeUp = await trpcError(client.auth.verifyEmail.mutate({ token: 'A'.repeat(43) }));
    expect(madeUp).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link is invalid or was replaced by a newer one. Request a new link.',
    });
    const empty = await trpcError(client.auth.verifyEmail.mutate({ token: '' }));
    expect(empty.validation).toEqual([
      { path: 'token', message: 'The link is missing its token.' },
    ]);
  });

  it('refuses an expired link', async () => {
    const { user } = await register('late@example.com', 'Late');
    const token = tokenFromLink((await lastEmail(stack, 'late@example.com', 'verify_email')).link);
    await stack.runtime.database.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, 'verify_email')));
    const expired = await trpcError(stack.client().auth.verifyEmail.mutate({ token }));
    expect(expired).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link has expired. Request a new link.',
    });
    expect((await userRow(stack, 'late@example.com'))?.emailVerifiedAt).toBeNull();
  });
});

describe('auth.resendVerification', () => {
  it('needs a session', async () => {
    const error = await trpcError(stack.client().auth.resendVerification.mutate());
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('mails a new link that replaces the old one', async () => {
    const { token: session } = await register('resend@example.com', 'Resend');
    const first = tokenFromLink(
      (await lastEmail(stack, 'resend@example.com', 'verify_email')).link,
    );
    const result = await stack.client(session).auth.resendVerification.mutate();
    expect(result).toEqual({ sent: true, email: 'resend@example.com' });
    expect(await emailCount(stack, 'resend@example.com', 'verify_email')).toBe(2);
    const second = tokenFromLink(
      (await lastEmail(stack, 'resend@example.com', 'verify_email')).link,
    );
    expect(second).not.toBe(first);

    const client = stack.client();
    expect((await trpcError(client.auth.verifyEmail.mutate({ token: first }))).message).toMatch(
      /replaced by a newer one/,
    );
    expect((await client.auth.verifyEmail.mutate({ token: second })).user.emailVerified).toBe(true);

    const again = await trpcError(stack.client(session).auth.resendVerification.mutate());
    expect(again).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'Your email address is already verified.',
    });
  });

  it('is rate limited per user with a retry-after value', async () => {
    const { token: session } = await register('spammy@example.com', 'Spammy');
    const client = stack.client(session);
    // The budget is 5 emails an hour; sign-up's own email does not count.
    for (let i = 0; i < 5; i++) await client.auth.resendVerification.mutate();
    const limited = await trpcError(client.auth.resendVerification.mutate());
    expect(limited).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429 });
    expect(limited.message).toMatch(
      /^Too many emails requested by this account\. Try again in \d+ seconds\.$/,
    );
    expect(limited.details).toMatchObject({
      retryAfterSeconds: expect.any(Number),
      limit: 'email_send_user',
    });
    expect(limited.details!.retryAfterSeconds as number).toBeGreaterThan(3000);
    expect(await emailCount(stack, 'spammy@example.com', 'verify_email')).toBe(6);
  });
});

describe('sign-up rate limit', () => {
  it('stops sign-ups from one network after 10 an hour', async () => {
    const client = stack.client();
    let attempts = 0;
    let limited: Awaited<ReturnType<typeof trpcError>> | undefined;
    while (!limited && attempts < 12) {
      attempts++;
      const result = await client.auth.register
        .mutate({ email: `flood${attempts}@example.com`, password: GOOD_PASSWORD, name: 'Flood' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (result) limited = await trpcError(Promise.reject(result));
    }
    expect(registrations + attempts).toBe(11);
    expect(limited).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { limit: 'register_ip', retryAfterSeconds: expect.any(Number) },
    });
    expect(await userRow(stack, `flood${attempts}@example.com`)).toBeUndefined();
  });
});
