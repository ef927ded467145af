import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthProviders } from '@vibemonitor/auth';
import { followAuthorization, startFakeGoogle, type FakeGoogle } from '@vibemonitor/auth/testing';
import { engagementEvents, memberships, oauthAccounts, users, workspaces } from '@vibemonitor/db';
import { GOOD_PASSWORD, rawTrpc, securityEventsOf, seedUser, userRow } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { TestBrowser, loginUrl } from './oauth-browser.js';

/* Google sign-in through GET /api/v1/auth/google/{login,callback}, against a fake Google. */

let google: FakeGoogle;
let stack: TestStack;
let home: string;

beforeAll(async () => {
  google = await startFakeGoogle({
    users: [
      {
        sub: 'g-new',
        email: 'New.Person@Gmail.test',
        name: 'New Person',
        picture: 'https://img.test/new.png',
      },
      { sub: 'g-linda', email: 'linda@example.com', name: 'Linda G' },
      { sub: 'g-squat', email: 'squatted@example.com', name: 'Real Owner' },
      { sub: 'g-unverified', email: 'victim@example.com', emailVerified: false, name: 'Impostor' },
    ],
  });
  stack = await startTestStack({
    worker: false,
    oauth: (settings) =>
      createOAuthProviders({
        google: google.providerConfig(`${settings.publicUrl}/api/v1/auth/google/callback`),
      }),
  });
  home = `${stack.url}/dashboard`;
});
afterAll(async () => {
  await stack?.close();
  await google?.close();
});

/** Login route -> fake Google consent -> our callback (not followed). */
async function startFlow(browser: TestBrowser, redirectUri = home): Promise<URL> {
  const login = await browser.get(loginUrl(stack, 'google', redirectUri));
  expect(login.status).toBe(302);
  return followAuthorization(login.location!);
}

async function signIn(user: string, browser = new TestBrowser()) {
  google.setNextUser(user);
  const callback = await startFlow(browser);
  const response = await browser.get(callback);
  return { browser, response };
}

async function whoAmI(browser: TestBrowser) {
  const cookie = browser.cookieHeader('/trpc');
  return rawTrpc(stack, 'auth.me', { type: 'query', cookie });
}

function errorOf(location: string | undefined) {
  const url = new URL(location!);
  return {
    target: `${url.origin}${url.pathname}`,
    error: url.searchParams.get('error'),
    description: url.searchParams.get('error_description'),
  };
}

describe('Google sign-in: first visit', () => {
  it('redirects to Google with PKCE S256 and keeps state, verifier and redirect_uri in short-lived HttpOnly cookies', async () => {
    const browser = new TestBrowser();
    const login = await browser.get(loginUrl(stack, 'google', home));
    expect(login.status).toBe(302);
    const authorize = new URL(login.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(google.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${stack.url}/api/v1/auth/google/callback`,
    );
    expect(login.setCookies).toHaveLength(3);
    for (const cookie of login.setCookies) {
      expect(cookie).toMatch(
        /^vm_oauth_google_(state|verifier|redirect)=[^;]+; HttpOnly; SameSite=Lax; Path=\/api\/v1\/auth; Max-Age=600$/,
      );
    }
    expect(browser.cookies.get('vm_oauth_google_state')?.value).toBe(
      authorize.searchParams.get('state'),
    );
    // The verifier itself never leaves the server-browser pair.
    expect(login.location).not.toContain(browser.cookies.get('vm_oauth_google_verifier')!.value);
  });

  it('creates the user (verified), a personal workspace and the provider link, then signs in by cookie', async () => {
    const { browser, response } = await signIn('g-new');
    expect(response.status).toBe(302);
    expect(response.location).toBe(home);
    const session = response.setCookies.find((c) => c.startsWith('vm_session='))!;
    expect(session).toMatch(
      /^vm_session=[a-z2-7]+\.[a-z2-7]+; HttpOnly; SameSite=Lax; Path=\/; Expires=/,
    );
    // The flow cookies are spent.
    for (const kind of ['state', 'verifier', 'redirect']) {
      expect(response.setCookies).toContain(
        `vm_oauth_google_${kind}=; HttpOnly; SameSite=Lax; Path=/api/v1/auth; Max-Age=0`,
      );
    }

    const me = await whoAmI(browser);
    expect(me.data).toMatchObject({
      user: {
        email: 'new.person@gmail.test',
        name: 'New Person',
        emailVerified: true,
        avatarUrl: 'https://img.test/new.png',
      },
    });

    const db = stack.runtime.database.db;
    const user = (await userRow(stack, 'new.person@gmail.test'))!;
    expect(user.passwordHash).toBeNull();
    const owned = await db
      .select({ type: workspaces.type, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, user.id));
    expect(owned).toEqual([{ type: 'personal', role: 'owner' }]);

    const [link] = await db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, user.id));
    expect(link).toMatchObject({
      provider: 'google',
      providerUserId: 'g-new',
      email: 'new.person@gmail.test',
    });
    expect(link!.accessTokenEnc).toMatch(/^v1:k1:/);
    expect(stack.runtime.secrets.decryptSecret(link!.accessTokenEnc!)).toMatch(/^ya29\.fake-/);

    const events = await db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.userId, user.id));
    expect(events.map((e) => [e.kind, e.properties]).sort()).toEqual([
      ['login', { method: 'google' }],
      ['signup', { method: 'google' }],
    ]);
  });

  it('signs the same Google account into the same user next time, without duplicating anything', async () => {
    const { response } = await signIn('g-new');
    expect(response.location).toBe(home);
    const db = stack.runtime.database.db;
    expect(
      await db.select().from(users).where(eq(users.email, 'new.person@gmail.test')),
    ).toHaveLength(1);
    const user = (await userRow(stack, 'new.person@gmail.test'))!;
    expect(
      await db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, user.id)),
    ).toHaveLength(1);
    expect(await db.select().from(memberships).where(eq(memberships.userId, user.id))).toHaveLength(
      1,
    );
  });
});

describe('Google sign-in: linking', () => {
  it('links to an existing account with the same verified email instead of creating another', async () => {
    const existing = await seedUser(stack, {
      email: 'linda@example.com',
      name: 'Linda',
      verified: true,
    });
    const { browser, response } = await signIn('g-linda');
    expect(response.location).toBe(home);
    expect((await whoAmI(browser)).data).toMatchObject({ user: { id: existing.id } });
    const links = await stack.runtime.database.db
      .select()
      .from(oauthAccounts)
      .where(eq(oauthAccounts.userId, existing.id));
    expect(links.map((l) => l.providerUserId)).toEqual(['g-linda']);
    // A verified account keeps its password.
    const login = await stack
      .client()
      .auth.login.mutate({ email: 'linda@example.com', password: GOOD_PASSWORD });
    expect(login.user.id).toBe(existing.id);
    const linked = await securityEventsOf(stack, 'oauth_account_linked', existing.id);
    expect(linked.map((e) => ({ ip: e.ip, detail: e.detail }))).toEqual([
      {
        ip: expect.stringContaining('127.0.0.1'),
        detail: { provider: 'google', email: 'linda@example.com', passwordRemoved: false },
      },
    ]);
    expect(await securityEventsOf(stack, 'sessions_revoked', existing.id)).toEqual([]);
  });

  it('takes an unverified look-alike account back from whoever set its password', async () => {
    const squatted = await seedUser(stack, { email: 'squatted@example.com', name: 'Squatter' });
    // An unconfirmed password account cannot sign in at all (decision 0019): the squatter holds no session.
    await expect(
      stack.client().auth.login.mutate({ email: 'squatted@example.com', password: GOOD_PASSWORD }),
    ).rejects.toThrow(/not confirmed yet/);
    const { browser, response } = await signIn('g-squat');
    expect(response.location).toBe(home);
    expect((await whoAmI(browser)).data).toMatchObject({
      user: { id: squatted.id, emailVerified: true },
    });
    expect((await userRow(stack, 'squatted@example.com'))?.passwordHash).toBeNull();
    const linked = await securityEventsOf(stack, 'oauth_account_linked', squatted.id);
    expect(linked.map((e) => e.detail)).toEqual([
      { provider: 'google', email: 'squatted@example.com', passwordRemoved: true },
    ]);
    const revoked = await securityEventsOf(stack, 'sessions_revoked', squatted.id);
    expect(revoked.map((e) => e.detail)).toEqual([
      { reason: 'oauth_link_unverified_account', sessionsEnded: 0 },
    ]);
  });

  it('never links an email Google has not verified to an existing account', async () => {
    const victim = await seedUser(stack, { email: 'victim@example.com', verified: true });
    const { browser, response } = await signIn('g-unverified');
    const failure = errorOf(response.location);
    expect(failure).toMatchObject({ target: home, error: 'account_exists' });
    expect(failure.description).toContain('Google has not verified that address');
    expect(response.setCookies.some((c) => c.startsWith('vm_session='))).toBe(false);
    expect((await whoAmI(browser)).status).toBe(401);
    expect(
      await stack.runtime.database.db
        .select()
        .from(oauthAccounts)
        .where(eq(oauthAccounts.userId, victim.id)),
    ).toEqual([]);
    expect(await securityEventsOf(stack, 'oauth_account_linked', victim.id)).toEqual([]);
  });
});

describe('Google sign-in: failures come back to the web app, never as a 500', () => {
  it('state mismatch', async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser);
    callback.searchParams.set('state', 'forged-state-value');
    const response = await browser.get(callback);
    expect(response.status).toBe(302);
    expect(errorOf(response.location)).toEqual({
      target: home,
      error: 'invalid_state',
      description:
        'The Google sign-in expired or was started in another browser. Please try again.',
    });
    expect(response.setCookies.some((c) => c.startsWith('vm_session='))).toBe(false);
  });

  it('missing verifier cookie', async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser);
    browser.cookies.delete('vm_oauth_google_verifier');
    const response = await browser.get(callback);
    expect(errorOf(response.location)).toMatchObject({ target: home, error: 'missing_verifier' });
  });

  it('a verifier that does not match the challenge is refused by the provider (PKCE is checked)', async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser);
    browser.cookies.set('vm_oauth_google_verifier', {
      value: 'x'.repeat(43),
      path: '/api/v1/auth',
    });
    const response = await browser.get(callback);
    expect(errorOf(response.location)).toMatchObject({
      target: home,
      error: 'invalid_grant',
      description: 'Google rejected the sign-in: invalid_grant',
    });
  });

  it('error=access_denied when the person cancels at Google', async () => {
    google.setNextDecision('deny');
    const browser = new TestBrowser();
    const response = await browser.get(await startFlow(browser));
    expect(errorOf(response.location)).toEqual({
      target: home,
      error: 'access_denied',
      description: 'The Google sign-in was cancelled.',
    });
  });

  it('a replayed callback (cookies already spent) fails cleanly', async () => {
    const browser = new TestBrowser();
    google.setNextUser('g-new');
    const callback = await startFlow(browser);
    expect((await browser.get(callback)).location).toBe(home);
    const replay = await browser.get(callback);
    expect(replay.status).toBe(400);
    expect(replay.json).toEqual({
      error: {
        code: 'invalid_state',
        message: 'The Google sign-in expired or was started in another browser. Please try again.',
      },
    });
  });
});

describe('Google sign-in: redirect_uri allow-list', () => {
  it('refuses foreign, protocol-relative, script and credential-carrying targets with a 400 and no cookies', async () => {
    for (const target of [
      'https://evil.example/steal',
      '//evil.example/steal',
      'javascript:alert(1)',
      `${stack.url.replace('://', '://user:pass@')}/x`,
      `${stack.url}.evil.example/`,
    ]) {
      const response = await new TestBrowser().get(loginUrl(stack, 'google', target));
      expect(response.status, target).toBe(400);
      expect(response.location).toBeUndefined();
      expect(response.setCookies).toEqual([]);
      expect(response.json).toEqual({
        error: {
          code: 'BAD_REQUEST',
          message:
            'redirect_uri must be an address on this deployment (the web app or the API), not another site.',
        },
      });
    }
  });

  it('accepts a path on the web app and defaults to the web app', async () => {
    google.setNextUser('g-new');
    const browser = new TestBrowser();
    const viaPath = await browser.get(await startFlow(browser, '/settings?tab=profile'));
    expect(viaPath.location).toBe(`${stack.url}/settings?tab=profile`);

    google.setNextUser('g-new');
    const other = new TestBrowser();
    const login = await other.get(loginUrl(stack, 'google'));
    const done = await other.get(await followAuthorization(login.location!));
    expect(done.location).toBe(`${stack.url}/`);
  });
});
