import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '@vibemonitor/db';
import {
  GOOD_PASSWORD,
  cookiePair,
  rawTrpc,
  securityEventsOf,
  seedUser,
  trpcError,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/* auth.refresh, auth.logout, auth.logoutAll and the cookie CSRF rule. */

let stack: TestStack;
let userId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  ({ id: userId } = await seedUser(stack, {
    email: 'sam@example.com',
    name: 'Sam',
    verified: true,
  }));
});
afterAll(async () => {
  await stack?.close();
});

async function signIn(): Promise<string> {
  return (
    await stack.client().auth.login.mutate({ email: 'sam@example.com', password: GOOD_PASSWORD })
  ).token;
}

async function signInWithCookie(): Promise<string> {
  const response = await rawTrpc(stack, 'auth.login', {
    input: { email: 'sam@example.com', password: GOOD_PASSWORD },
    origin: stack.url,
  });
  return cookiePair(response.setCookies);
}

async function isSignedIn(token: string): Promise<boolean> {
  return stack
    .client(token)
    .auth.me.query()
    .then(
      () => true,
      () => false,
    );
}

describe('auth.refresh', () => {
  it('rotates the token: the new one works, the old one stops at once', async () => {
    const old = await signIn();
    const rotated = await stack.client(old).auth.refresh.mutate();
    expect(rotated.token).not.toBe(old);
    expect(rotated.user.email).toBe('sam@example.com');
    expect(await isSignedIn(rotated.token)).toBe(true);
    expect(await isSignedIn(old)).toBe(false);
    const again = await trpcError(stack.client(old).auth.refresh.mutate());
    expect(again.code).toBe('UNAUTHORIZED');
  });

  it('sends the new token as a cookie to a cookie-authenticated browser', async () => {
    const cookie = await signInWithCookie();
    const response = await rawTrpc(stack, 'auth.refresh', { cookie, origin: stack.url });
    expect(response.status).toBe(200);
    const fresh = cookiePair(response.setCookies);
    expect(fresh).not.toBe(cookie);
    expect(fresh).toBe(`vm_session=${String(response.data?.token)}`);
    expect((await rawTrpc(stack, 'auth.me', { type: 'query', cookie: fresh })).status).toBe(200);
    expect((await rawTrpc(stack, 'auth.me', { type: 'query', cookie })).status).toBe(401);
  });
});

describe('auth.logout', () => {
  it('ends this session only', async () => {
    const kept = await signIn();
    const ended = await signIn();
    expect(await stack.client(ended).auth.logout.mutate()).toEqual({ ok: true });
    expect(await isSignedIn(ended)).toBe(false);
    expect(await isSignedIn(kept)).toBe(true);
    expect((await trpcError(stack.client(ended).auth.logout.mutate())).code).toBe('UNAUTHORIZED');
  });

  it('blanks the cookie of a browser', async () => {
    const cookie = await signInWithCookie();
    const response = await rawTrpc(stack, 'auth.logout', { cookie, origin: stack.url });
    expect(response.status).toBe(200);
    expect(response.setCookies).toEqual(['vm_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0']);
    expect((await rawTrpc(stack, 'auth.me', { type: 'query', cookie })).status).toBe(401);
  });
});

describe('auth.logoutAll', () => {
  it('ends every session of the user, on every device', async () => {
    const db = stack.runtime.database.db;
    await db.delete(sessions).where(eq(sessions.userId, userId));
    const tokens = [await signIn(), await signIn(), await signIn()];
    const result = await stack.client(tokens[1]).auth.logoutAll.mutate();
    expect(result).toEqual({ sessionsEnded: 3 });
    for (const token of tokens) expect(await isSignedIn(token)).toBe(false);
    expect(await db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    const revoked = await securityEventsOf(stack, 'sessions_revoked', userId);
    expect(revoked.map((e) => ({ ip: e.ip, detail: e.detail }))).toEqual([
      {
        ip: expect.stringContaining('127.0.0.1'),
        detail: { reason: 'logout_all', sessionsEnded: 3 },
      },
    ]);
  });
});

describe('cookie-authenticated mutations (CSRF)', () => {
  it('are refused from a foreign origin or without an Origin, and change nothing', async () => {
    const cookie = await signInWithCookie();
    for (const origin of ['https://evil.example', undefined]) {
      const response = await rawTrpc(stack, 'auth.logoutAll', {
        cookie,
        ...(origin ? { origin } : {}),
      });
      expect(response.status).toBe(403);
      expect(response.error?.message).toBe(
        'This request came from an origin that is not allowed to use the session cookie.',
      );
      expect(response.setCookies).toEqual([]);
    }
    expect((await rawTrpc(stack, 'auth.me', { type: 'query', cookie })).status).toBe(200);
    // Refused before anything ran: the only sessions_revoked row is the logoutAll test's.
    expect(await securityEventsOf(stack, 'sessions_revoked', userId)).toHaveLength(1);
  });

  it('do not apply to bearer tokens, which browsers never attach by themselves', async () => {
    const token = await signIn();
    const response = await rawTrpc(stack, 'auth.logout', {
      bearer: token,
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(200);
    expect(await isSignedIn(token)).toBe(false);
  });
});

describe('expired sessions', () => {
  it('are refused and deleted', async () => {
    const token = await signIn();
    const db = stack.runtime.database.db;
    const id = token.split('.')[0]!;
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, id));
    const error = await trpcError(stack.client(token).auth.me.query());
    expect(error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Your session has expired or was signed out. Sign in again.',
    });
    expect(await db.select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
  });
});
