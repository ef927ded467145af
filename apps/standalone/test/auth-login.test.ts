import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementEvents } from '@vibemonitor/db';
import {
  GOOD_PASSWORD,
  cookiePair,
  rawTrpc,
  securityEventsOf,
  seedUser,
  trpcError,
  userRow,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * auth.login and auth.me. Every sign-in attempt that reaches the procedure
 * spends the per-IP budget (30 per 15 minutes, shared by the whole file); the
 * last test spends the rest, so count attempts in `attempts`.
 */

let stack: TestStack;
let attempts = 0;
let graceId: string;
let oauthOnlyId: string;
let unconfirmedId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  ({ id: graceId } = await seedUser(stack, {
    email: 'grace@example.com',
    name: 'Grace Hopper',
    verified: true,
  }));
  ({ id: oauthOnlyId } = await seedUser(stack, {
    email: 'oauth-only@example.com',
    password: null,
  }));
  // Signed up with the right password but never opened the verification link.
  ({ id: unconfirmedId } = await seedUser(stack, {
    email: 'unconfirmed@example.com',
    verified: false,
  }));
});
afterAll(async () => {
  await stack?.close();
});

function login(email: string, password: string) {
  attempts++;
  return stack.client().auth.login.mutate({ email, password });
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call().catch(() => undefined);
  return performance.now() - started;
}

describe('auth.login', () => {
  it('returns a token, its expiry and the user; records the sign-in', async () => {
    const before = Date.now();
    const result = await login('grace@example.com', GOOD_PASSWORD);
    expect(result.token).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
    expect(result.expiresAt.getTime()).toBeGreaterThan(before + 29 * 24 * 3600 * 1000);
    expect(result.user).toMatchObject({
      email: 'grace@example.com',
      name: 'Grace Hopper',
      emailVerified: true,
    });
    expect(result.user.lastLoginAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await userRow(stack, 'grace@example.com'))?.lastLoginAt?.getTime()).toBe(
      result.user.lastLoginAt!.getTime(),
    );

    const me = await stack.client(result.token).auth.me.query();
    expect(me.user.id).toBe(result.user.id);
    expect(me.sessionExpiresAt.getTime()).toBe(result.expiresAt.getTime());

    const events = await stack.runtime.database.db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.userId, result.user.id));
    expect(events.map((e) => [e.kind, e.properties])).toEqual([['login', { method: 'password' }]]);
  });

  it('sets the session cookie, which then authenticates queries', async () => {
    attempts++;
    const response = await rawTrpc(stack, 'auth.login', {
      input: { email: 'grace@example.com', password: GOOD_PASSWORD },
      origin: stack.url,
    });
    expect(response.status).toBe(200);
    const cookie = response.setCookies.find((c) => c.startsWith('vm_session='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    // Plain-http test server: Secure would stop the browser from sending it back.
    expect(cookie).not.toContain('Secure');
    const me = await rawTrpc(stack, 'auth.me', {
      type: 'query',
      cookie: cookiePair(response.setCookies),
    });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ user: { email: 'grace@example.com' } });
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const result = await login('  GRACE@Example.com ', GOOD_PASSWORD);
    expect(result.user.email).toBe('grace@example.com');
  });

  it('gives the same answer for a wrong password, an unknown email, a password-less account and an unconfirmed one', async () => {
    const wrong = await trpcError(login('grace@example.com', 'not-the-password-1'));
    const unknown = await trpcError(login('nobody@example.com', 'not-the-password-1'));
    const oauthOnly = await trpcError(login('oauth-only@example.com', 'not-the-password-1'));
    // The right password of an account whose address was never confirmed: refused
    // alike, or signing up with someone else's address and then signing in would
    // tell whether the address was free (see auth-register.test.ts).
    const unconfirmed = await trpcError(login('unconfirmed@example.com', GOOD_PASSWORD));
    for (const error of [wrong, unknown, oauthOnly, unconfirmed]) {
      expect(error).toEqual({
        code: 'UNAUTHORIZED',
        httpStatus: 401,
        message:
          'Incorrect email or password, or the address is not confirmed yet: a new account signs in after opening the link we emailed.',
        appCode: 'UNAUTHORIZED',
        details: undefined,
        validation: undefined,
      });
    }
  });

  it('records each failed sign-in as a security event with the normalised email, never the password', async () => {
    await trpcError(login(' Nobody-Else@Example.com ', 'secret-guess-123'));
    const failed = await securityEventsOf(stack, 'login_failed');
    const rows = failed.map((e) => ({ userId: e.userId, ip: e.ip, detail: e.detail }));
    const ip = expect.stringContaining('127.0.0.1');
    expect(rows).toEqual(
      expect.arrayContaining([
        { userId: graceId, ip, detail: { email: 'grace@example.com', reason: 'wrong_password' } },
        { userId: null, ip, detail: { email: 'nobody@example.com', reason: 'unknown_email' } },
        {
          userId: oauthOnlyId,
          ip,
          detail: { email: 'oauth-only@example.com', reason: 'no_password' },
        },
        { userId: null, ip, detail: { email: 'nobody-else@example.com', reason: 'unknown_email' } },
        {
          userId: unconfirmedId,
          ip,
          detail: { email: 'unconfirmed@example.com', reason: 'email_not_verified' },
        },
      ]),
    );
    expect(rows).toHaveLength(5);
    for (const row of failed) {
      expect(JSON.stringify(row)).not.toMatch(/not-the-password-1|secret-guess-123/);
    }
  });

  it('spends a password hash check on unknown emails too, so timing does not tell them apart', async () => {
    // Warm up both paths once (argon2's first call and the dummy hash are slower).
    const wrongTimes = [
      await timed(() => login('grace@example.com', 'wrong-password-aa')),
      await timed(() => login('grace@example.com', 'wrong-password-bb')),
    ];
    const unknownTimes = [
      await timed(() => login('ghost@example.com', 'wrong-password-aa')),
      await timed(() => login('ghost@example.com', 'wrong-password-bb')),
    ];
    // A lookup miss without the dummy verify answers in a millisecond or two; argon2 takes tens.
    expect(Math.min(...unknownTimes)).toBeGreaterThan(Math.min(...wrongTimes) * 0.4);
  });

  it('rejects a malformed email and an empty password as validation errors', async () => {
    const client = stack.client();
    const bad = await trpcError(
      client.auth.login.mutate({ email: 'grace(at)example.com', password: 'x' }),
    );
    expect(bad).toMatchObject({
      code: 'BAD_REQUEST',
      validation: [
        { path: 'email', message: 'Enter a valid email address, like name@example.com.' },
      ],
    });
    const empty = await trpcError(
      client.auth.login.mutate({ email: 'grace@example.com', password: '' }),
    );
    expect(empty.validation).toEqual([{ path: 'password', message: 'Enter your password.' }]);
  });

  it('refuses a browser sign-in posted from a foreign origin (login CSRF)', async () => {
    const foreign = await rawTrpc(stack, 'auth.login', {
      input: { email: 'grace@example.com', password: GOOD_PASSWORD },
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.error?.message).toBe(
      'This request came from an origin that is not allowed to sign in here.',
    );
    expect(foreign.setCookies).toEqual([]);
  });

  it('limits attempts per account: the 11th within 15 minutes is refused, even with the right password', async () => {
    await seedUser(stack, { email: 'target@example.com' });
    for (let i = 0; i < 10; i++) {
      expect((await trpcError(login('target@example.com', `guess-number-${i}`))).code).toBe(
        'UNAUTHORIZED',
      );
    }
    const limited = await trpcError(login('target@example.com', GOOD_PASSWORD));
    expect(limited).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429 });
    expect(limited.message).toMatch(
      /^Too many sign-in attempts for this account\. Try again in \d+ seconds\.$/,
    );
    expect(limited.details).toMatchObject({ limit: 'login_email' });
    expect(limited.details!.retryAfterSeconds as number).toBeGreaterThan(800);
    // The limit is per account: another one still signs in.
    expect((await login('grace@example.com', GOOD_PASSWORD)).user.email).toBe('grace@example.com');

    // Refused again: still one row per limit, account and window (a flood is not a flood of inserts).
    expect((await trpcError(login('target@example.com', GOOD_PASSWORD))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    const limitedEvents = await securityEventsOf(stack, 'login_rate_limited');
    expect(limitedEvents.map((e) => ({ ip: e.ip, detail: e.detail }))).toEqual([
      {
        ip: expect.stringContaining('127.0.0.1'),
        detail: { email: 'target@example.com', limit: 'login_email' },
      },
    ]);
  });

  it('limits attempts per network: after 30 in 15 minutes every sign-in is refused', async () => {
    expect(attempts).toBeLessThan(30);
    while (attempts < 30) await login('grace@example.com', GOOD_PASSWORD);
    const limited = await trpcError(login('grace@example.com', GOOD_PASSWORD));
    expect(limited).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { limit: 'login_ip', retryAfterSeconds: expect.any(Number) },
    });
    expect(limited.message).toMatch(/sign-in attempts from this network/);
    expect((await trpcError(login('someone@example.com', GOOD_PASSWORD))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    const byNetwork = (await securityEventsOf(stack, 'login_rate_limited')).filter(
      (e) => e.detail.limit === 'login_ip',
    );
    // The first refusal is logged, with the address it tried; the second is not.
    expect(byNetwork.map((e) => e.detail)).toEqual([
      { email: 'grace@example.com', limit: 'login_ip' },
    ]);
  });
});

describe('auth.me', () => {
  it('needs a valid session', async () => {
    const none = await trpcError(stack.client().auth.me.query());
    expect(none).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Sign in first: no session token was sent.',
    });
    const forged = await trpcError(
      stack.client('aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb').auth.me.query(),
    );
    expect(forged).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Your session has expired or was signed out. Sign in again.',
    });
  });
});
