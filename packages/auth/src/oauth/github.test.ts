import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { createOAuthProviders } from './create-oauth-providers.js';
import { pickGitHubEmail } from './github.js';
import type { OAuthProvider } from './oauth-provider.js';
import { followAuthorization } from './testing/follow-authorization.js';
import { startFakeGitHub, type FakeGitHub } from './testing/fake-github.js';

const redirectUri = 'http://localhost:3000/auth/github/callback';

async function signIn(provider: OAuthProvider) {
  const authorization = provider.createAuthorization();
  const callback = await followAuthorization(authorization.url);
  const { code } = provider.parseCallback({
    params: callback.searchParams,
    expectedState: authorization.state,
  });
  return { authorization, code };
}

describe('GitHub provider against the fake GitHub', () => {
  let fake: FakeGitHub;
  let github: OAuthProvider;

  beforeAll(async () => {
    fake = await startFakeGitHub({
      users: [
        {
          id: 583231,
          login: 'octocat',
          name: 'The Octocat',
          avatarUrl: 'https://avatars.example/octocat.png',
          emails: [
            { email: 'octo-old@example.com', primary: false, verified: true },
            { email: 'Octocat@Example.com', primary: true, verified: true },
          ],
        },
        {
          id: 42,
          login: 'newbie',
          email: 'public@example.com',
          emails: [{ email: 'newbie@example.com', primary: true, verified: false }],
        },
        { id: 7, login: 'no-email', emails: [] },
      ],
    });
    github = createOAuthProviders({ github: fake.providerConfig(redirectUri) }).get('github');
  });
  afterAll(() => fake.close());

  it('sends PKCE S256 and the read:user user:email scopes', async () => {
    const authorization = github.createAuthorization();
    await followAuthorization(authorization.url);
    expect(fake.authorizations.at(-1)).toMatchObject({
      scope: 'read:user user:email',
      codeChallengeMethod: 'S256',
      state: authorization.state,
      redirectUri,
    });
  });

  it('completes the happy path and picks the primary verified email', async () => {
    const { authorization, code } = await signIn(github);
    const profile = await github.exchange({ code, codeVerifier: authorization.codeVerifier });
    expect(profile).toEqual({
      provider: 'github',
      providerUserId: '583231',
      email: 'octocat@example.com',
      emailVerified: true,
      name: 'The Octocat',
      avatarUrl: 'https://avatars.example/octocat.png',
      accessToken: expect.stringMatching(/^gho_fake/),
    });
  });

  it("turns GitHub's HTTP-200 bad_verification_code into an AppError (wrong code_verifier)", async () => {
    const { code } = await signIn(github);
    const error = await github
      .exchange({ code, codeVerifier: github.createAuthorization().codeVerifier })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'GitHub rejected the sign-in: bad_verification_code',
      details: {
        provider: 'github',
        oauthError: 'bad_verification_code',
        description: 'The code passed is incorrect or expired.',
      },
    });
  });

  it('rejects a reused code', async () => {
    const { authorization, code } = await signIn(github);
    await github.exchange({ code, codeVerifier: authorization.codeVerifier });
    await expect(
      github.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).rejects.toThrow('GitHub rejected the sign-in: bad_verification_code');
  });

  it('reports wrong client credentials', async () => {
    const impostor = createOAuthProviders({
      github: { ...fake.providerConfig(redirectUri), clientSecret: 'nope' },
    }).get('github');
    const { authorization, code } = await signIn(impostor);
    await expect(
      impostor.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).rejects.toThrow('GitHub rejected the sign-in: incorrect_client_credentials');
  });

  it('turns error=access_denied into a clear cancellation', async () => {
    fake.setNextDecision('deny');
    const authorization = github.createAuthorization();
    const callback = await followAuthorization(authorization.url);
    expect(() =>
      github.parseCallback({ params: callback.searchParams, expectedState: authorization.state }),
    ).toThrow('The GitHub sign-in was cancelled.');
  });

  it('marks an unverified primary email unverified and falls back to the login for the name', async () => {
    fake.setNextUser('newbie');
    const { authorization, code } = await signIn(github);
    const profile = await github.exchange({ code, codeVerifier: authorization.codeVerifier });
    expect(profile).toMatchObject({
      providerUserId: '42',
      email: 'newbie@example.com',
      emailVerified: false,
      name: 'newbie',
      avatarUrl: null,
    });
  });

  it('refuses an account without any email', async () => {
    fake.setNextUser(7);
    const { authorization, code } = await signIn(github);
    await expect(
      github.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).rejects.toThrow(/has no email address we can use/);
  });
});

describe('pickGitHubEmail', () => {
  it('prefers primary+verified, then any verified, then the unverified primary', () => {
    expect(
      pickGitHubEmail([
        { email: 'a@x.io', primary: false, verified: true },
        { email: 'b@x.io', primary: true, verified: true },
      ]),
    ).toEqual({ email: 'b@x.io', verified: true });
    expect(
      pickGitHubEmail([
        { email: 'a@x.io', primary: true, verified: false },
        { email: 'c@x.io', primary: false, verified: true },
      ]),
    ).toEqual({ email: 'c@x.io', verified: true });
    expect(pickGitHubEmail([{ email: 'a@x.io', primary: true, verified: false }])).toEqual({
      email: 'a@x.io',
      verified: false,
    });
    expect(pickGitHubEmail([])).toBeUndefined();
  });
});
