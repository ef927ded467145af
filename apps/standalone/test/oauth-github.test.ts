import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthProviders } from '@vibemonitor/auth';
import { followAuthorization, startFakeGitHub, type FakeGitHub } from '@vibemonitor/auth/testing';
import { oauthAccounts, users } from '@vibemonitor/db';
import { rawTrpc, securityEventsOf, seedUser, userRow } from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { TestBrowser, loginUrl } from './oauth-browser.js';

/* GitHub sign-in through GET /api/v1/auth/github/{login,callback}, against a fake GitHub. */

let github: FakeGitHub;
let stack: TestStack;
let home: string;

beforeAll(async () => {
  github = await startFakeGitHub({
    users: [
      {
        id: 101,
        login: 'octo',
        name: null,
        avatarUrl: 'https://avatars.test/101',
        emails: [
          { email: 'octo-old@example.com', primary: false, verified: true },
          { email: 'Octo@Example.com', primary: true, verified: true },
        ],
      },
      {
        id: 202,
        login: 'linker',
        name: 'Link Er',
        emails: [{ email: 'linker@example.com', primary: true, verified: true }],
      },
      {
        id: 303,
        login: 'claimer',
        name: 'Claimer',
        emails: [{ email: 'owner@example.com', primary: true, verified: false }],
      },
    ],
  });
  stack = await startTestStack({
    worker: false,
    oauth: (settings) =>
      createOAuthProviders({
        github: github.providerConfig(`${settings.publicUrl}/api/v1/auth/github/callback`),
      }),
  });
  home = `${stack.url}/dashboard`;
});
afterAll(async () => {
  await stack?.close();
  await github?.close();
});

async function startFlow(browser: TestBrowser, login?: string): Promise<URL> {
  if (login) github.setNextUser(login);
  const response = await browser.get(loginUrl(stack, 'github', home));
  expect(response.status).toBe(302);
  return followAuthorization(response.location!);
}

function errorOf(location: string | undefined) {
  const url = new URL(location!);
  return {
    target: `${url.origin}${url.pathname}`,
    error: url.searchParams.get('error'),
    description: url.searchParams.get('error_description'),
  };
}

const whoAmI = (browser: TestBrowser) =>
  rawTrpc(stack, 'auth.me', { type: 'query', cookie: browser.cookieHeader('/trpc') });

describe('GitHub sign-in', () => {
  it('uses PKCE S256 and creates a user from the primary verified email', async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser, 'octo');
    const recorded = github.authorizations.at(-1)!;
    expect(recorded).toMatchObject({
      codeChallengeMethod: 'S256',
      decision: 'approve',
      redirectUri: `${stack.url}/api/v1/auth/github/callback`,
    });
    expect(recorded.scope).toContain('user:email');

    const response = await browser.get(callback);
    expect(response.status).toBe(302);
    expect(response.location).toBe(home);
    expect(response.location).not.toMatch(/token|code=/);
    const me = await whoAmI(browser);
    // No display name on GitHub: the login stands in.
    expect(me.data).toMatchObject({
      user: {
        email: 'octo@example.com',
        name: 'octo',
        emailVerified: true,
        avatarUrl: 'https://avatars.test/101',
      },
    });
    const user = (await userRow(stack, 'octo@example.com'))!;
    const [link] = await stack.runtime.database.db
      .select()
      .from(oauthAccounts)
      .where(eq(oauthAccounts.userId, user.id));
    expect(link).toMatchObject({ provider: 'github', providerUserId: '101' });
    expect(link!.accessTokenEnc).not.toContain('gho_');
    expect(stack.runtime.secrets.decryptSecret(link!.accessTokenEnc!)).toMatch(/^gho_fake/);
  });

  it("reports GitHub's HTTP-200-with-error token response as an error, not a sign-in", async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser, 'octo');
    callback.searchParams.set('code', 'not-a-code-github-issued');
    const response = await browser.get(callback);
    expect(errorOf(response.location)).toEqual({
      target: home,
      error: 'bad_verification_code',
      description: 'GitHub rejected the sign-in: bad_verification_code',
    });
    expect(response.setCookies.some((c) => c.startsWith('vm_session='))).toBe(false);
  });

  it('sends the verifier: a wrong one fails the exchange', async () => {
    const browser = new TestBrowser();
    const callback = await startFlow(browser, 'octo');
    browser.cookies.set('vm_oauth_github_verifier', {
      value: 'y'.repeat(43),
      path: '/api/v1/auth',
    });
    expect(errorOf((await browser.get(callback)).location).error).toBe('bad_verification_code');
  });

  it('state mismatch, missing verifier and access_denied come back as errors', async () => {
    const mismatch = new TestBrowser();
    const forged = await startFlow(mismatch, 'octo');
    forged.searchParams.set('state', 'attacker-state');
    expect(errorOf((await mismatch.get(forged)).location)).toMatchObject({
      target: home,
      error: 'invalid_state',
    });

    const noVerifier = new TestBrowser();
    const callback = await startFlow(noVerifier, 'octo');
    noVerifier.cookies.delete('vm_oauth_github_verifier');
    expect(errorOf((await noVerifier.get(callback)).location)).toMatchObject({
      target: home,
      error: 'missing_verifier',
    });

    github.setNextDecision('deny');
    const denied = new TestBrowser();
    expect(errorOf((await denied.get(await startFlow(denied))).location)).toEqual({
      target: home,
      error: 'access_denied',
      description: 'The GitHub sign-in was cancelled.',
    });
  });

  it('links a verified GitHub email to the existing account', async () => {
    const existing = await seedUser(stack, { email: 'linker@example.com', verified: true });
    const browser = new TestBrowser();
    const response = await browser.get(await startFlow(browser, 'linker'));
    expect(response.location).toBe(home);
    expect((await whoAmI(browser)).data).toMatchObject({ user: { id: existing.id } });
    const linked = await securityEventsOf(stack, 'oauth_account_linked', existing.id);
    expect(linked.map((e) => e.detail)).toEqual([
      { provider: 'github', email: 'linker@example.com', passwordRemoved: false },
    ]);
  });

  it('does not link an unverified GitHub email to the account that owns it', async () => {
    const owner = await seedUser(stack, { email: 'owner@example.com', verified: true });
    const browser = new TestBrowser();
    const response = await browser.get(await startFlow(browser, 'claimer'));
    expect(errorOf(response.location)).toMatchObject({ target: home, error: 'account_exists' });
    expect((await whoAmI(browser)).status).toBe(401);
    expect(
      await stack.runtime.database.db
        .select()
        .from(oauthAccounts)
        .where(eq(oauthAccounts.userId, owner.id)),
    ).toEqual([]);
  });

  it('creates no account from an unverified GitHub email', async () => {
    github.addUser({
      id: 404,
      login: 'newcomer',
      name: 'New Comer',
      emails: [{ email: 'newcomer@example.com', primary: true, verified: false }],
    });
    const browser = new TestBrowser();
    const response = await browser.get(await startFlow(browser, 'newcomer'));
    expect(errorOf(response.location)).toMatchObject({ target: home, error: 'email_unverified' });
    expect((await whoAmI(browser)).status).toBe(401);
    expect(
      await stack.runtime.database.db
        .select()
        .from(users)
        .where(eq(users.email, 'newcomer@example.com')),
    ).toEqual([]);
  });
});
