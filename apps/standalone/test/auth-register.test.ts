import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailTokens, engagementEvents, memberships, users, workspaces } from '@vibemonitor/db';
import {
  GOOD_PASSWORD,
  emailCount,
  lastEmail,
  rawTrpc,
  securityEventsOf,
  tokenFromLink,
  trpcError,
  userRow,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser } from './users.js';

/*
 * auth.register (one answer for new and taken addresses), auth.verifyEmail,
 * auth.resendVerification.
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

async function register(email: string, name = 'Ada Lovelace', password = GOOD_PASSWORD) {
  registrations++;
  return stack.client().auth.register.mutate({ email, password, name });
}

/** A sign-up over plain HTTP, as a browser sends it (status, body and Set-Cookie visible). */
async function rawRegister(email: string, name: string, password = GOOD_PASSWORD) {
  registrations++;
  return rawTrpc(stack, 'auth.register', { input: { email, password, name }, origin: stack.url });
}

const CHECK_EMAIL =
  'Check your email: we sent a link to finish signing up. If this address already has an account, the email says so and how to sign in.';
const INCORRECT =
  'Incorrect email or password, or the address is not confirmed yet: a new account signs in after opening the link we emailed.';

async function accountsWith(email: string) {
  return stack.runtime.database.db.select().from(users).where(eq(users.email, email));
}

describe('auth.register', () => {
  it('creates the user and a personal workspace, mails a verification link and starts no session', async () => {
    const result = await register('  Ada@Example.COM ');
    expect(result).toEqual({
      status: 'check_email',
      email: 'ada@example.com',
      message: CHECK_EMAIL,
    });

    const stored = await userRow(stack, 'ada@example.com');
    expect(stored).toMatchObject({ name: 'Ada Lovelace', emailVerifiedAt: null });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    const db = stack.runtime.database.db;
    const owned = await db
      .select({ type: workspaces.type, name: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, stored!.id));
    expect(owned).toEqual([{ type: 'personal', name: "Ada Lovelace's workspace", role: 'owner' }]);
    const events = await db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.userId, stored!.id));
    expect(events.map((e) => [e.kind, e.properties])).toEqual([['signup', { method: 'password' }]]);

    const email = await lastEmail(stack, 'ada@example.com', 'verify_email');
    expect(email.link).toMatch(
      new RegExp(
        `^${stack.server.deps.settings.webAppUrl}/verify-email\\?token=[A-Za-z0-9_-]{43}$`,
      ),
    );
    expect(email.text).toContain(email.link);
    expect(email.html).toContain(`href="${email.link}"`);
    expect(await emailCount(stack, 'ada@example.com', 'signup_existing_account')).toBe(0);
  });

  it('signs the new account in only after its address is confirmed', async () => {
    const client = stack.client();
    const before = await trpcError(
      client.auth.login.mutate({ email: 'ada@example.com', password: GOOD_PASSWORD }),
    );
    expect(before).toMatchObject({ code: 'UNAUTHORIZED', message: INCORRECT });
    const token = tokenFromLink((await lastEmail(stack, 'ada@example.com', 'verify_email')).link);
    await client.auth.verifyEmail.mutate({ token });
    const signedIn = await client.auth.login.mutate({
      email: 'ada@example.com',
      password: GOOD_PASSWORD,
    });
    expect(signedIn.user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
    expect((await stack.client(signedIn.token).auth.me.query()).user.email).toBe('ada@example.com');
  });

  it('answers a taken address exactly like a new one, and tells only the owner, with a working reset link', async () => {
    const owner = await userRow(stack, 'ada@example.com');
    const attackerPassword = 'an-attacker-chose-this-9';
    const fresh = await rawRegister('newcomer@example.com', 'Newcomer', attackerPassword);
    const taken = await rawRegister('ADA@example.com ', 'Someone Else', attackerPassword);

    // Same status, same body shape and wording (only the echoed address differs), no cookie either way.
    expect(taken.status).toBe(200);
    expect(fresh.status).toBe(200);
    expect(taken.error).toBeUndefined();
    expect(taken.data).toEqual({
      status: 'check_email',
      email: 'ada@example.com',
      message: CHECK_EMAIL,
    });
    expect(fresh.data).toEqual({ ...taken.data, email: 'newcomer@example.com' });
    expect(taken.setCookies).toEqual([]);
    expect(fresh.setCookies).toEqual([]);
    expect(taken.headers.get('content-type')).toBe(fresh.headers.get('content-type'));

    // No second account; the existing one is unchanged (name, password).
    const rows = await accountsWith('ada@example.com');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: owner!.id,
      name: 'Ada Lovelace',
      passwordHash: owner!.passwordHash,
    });
    expect(
      (
        await trpcError(
          stack
            .client()
            .auth.login.mutate({ email: 'ada@example.com', password: attackerPassword }),
        )
      ).message,
    ).toBe(INCORRECT);

    // The owner is told, with a reset link; the attempt is a security event.
    const notice = await lastEmail(stack, 'ada@example.com', 'signup_existing_account');
    expect(notice.subject).toBe('Someone tried to sign up to VibeMonitor with your address');
    expect(notice.text).toContain(notice.link);
    expect(notice.link).toMatch(
      new RegExp(
        `^${stack.server.deps.settings.webAppUrl}/reset-password\\?token=[A-Za-z0-9_-]{43}$`,
      ),
    );
    const attempts = await securityEventsOf(stack, 'signup_existing_email', owner!.id);
    expect(attempts.map((e) => e.detail)).toEqual([{ email: 'ada@example.com' }]);
    expect(JSON.stringify(attempts)).not.toContain(attackerPassword);

    // The link works: the owner sets a new password with it and signs in.
    const newPassword = 'owner-picked-this-one-7';
    await stack.client().auth.resetPassword.mutate({
      token: tokenFromLink(notice.link),
      password: newPassword,
    });
    const signedIn = await stack
      .client()
      .auth.login.mutate({ email: 'ada@example.com', password: newPassword });
    expect(signedIn.user.id).toBe(owner!.id);
  });

  it('answers two simultaneous sign-ups of one new address alike and creates one account', async () => {
    const [first, second] = await Promise.all([
      rawRegister('twins@example.com', 'Twin One'),
      rawRegister('twins@example.com', 'Twin Two'),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.data).toEqual(second.data);
    expect(await accountsWith('twins@example.com')).toHaveLength(1);
    // One got the verification link, the other the "already has an account" email.
    expect(await emailCount(stack, 'twins@example.com', 'verify_email')).toBe(1);
    expect(await emailCount(stack, 'twins@example.com', 'signup_existing_account')).toBe(1);
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
    const token = tokenFromLink(
      (await lastEmail(stack, 'newcomer@example.com', 'verify_email')).link,
    );
    const client = stack.client();
    const { user } = await client.auth.verifyEmail.mutate({ token });
    expect(user).toMatchObject({ email: 'newcomer@example.com', emailVerified: true });
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
    await register('late@example.com', 'Late');
    const user = (await userRow(stack, 'late@example.com'))!;
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
    // Signed in but unconfirmed: an account from before sign-in needed a confirmed address.
    const { token: session } = await createSignedInUser(stack, {
      email: 'resend@example.com',
      verified: false,
    });
    await stack.client(session).auth.resendVerification.mutate();
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
    const { token: session } = await createSignedInUser(stack, {
      email: 'spammy@example.com',
      verified: false,
    });
    const client = stack.client(session);
    // The budget is 5 emails an hour.
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
    expect(await emailCount(stack, 'spammy@example.com', 'verify_email')).toBe(5);
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
