import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { createOAuthProviders } from './create-oauth-providers.js';
import type { OAuthProvider } from './oauth-provider.js';
import { followAuthorization } from './testing/follow-authorization.js';
import { startFakeGoogle, type FakeGoogle } from './testing/fake-google.js';

const redirectUri = 'http://localhost:3000/auth/google/callback';

async function signIn(provider: OAuthProvider) {
  const authorization = provider.createAuthorization();
  const callback = await followAuthorization(authorization.url);
  return { authorization, callback };
}

describe('Google provider against the fake Google', () => {
  let fake: FakeGoogle;
  let google: OAuthProvider;

  beforeAll(async () => {
    fake = await startFakeGoogle({
      users: [
        {
          sub: '1001',
          email: 'Ada@Example.com',
          name: 'Ada Lovelace',
          picture: 'https://img.example/ada.png',
        },
        { sub: '1002', email: 'unverified@example.com', emailVerified: false },
      ],
    });
    google = createOAuthProviders({ google: fake.providerConfig(redirectUri) }).get('google');
  });
  afterAll(() => fake.close());

  it('sends PKCE S256, the OpenID scopes and the state to /authorize', async () => {
    const { authorization, callback } = await signIn(google);
    const seen = fake.authorizations.at(-1)!;
    expect(seen).toMatchObject({
      clientId: fake.clientId,
      redirectUri,
      state: authorization.state,
      scope: 'openid email profile',
      codeChallengeMethod: 'S256',
      responseType: 'code',
    });
    expect(seen.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.url.searchParams.get('code_challenge')).toBe(seen.codeChallenge);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
  });

  it('completes the happy path: callback, code exchange, normalized profile', async () => {
    const { authorization, callback } = await signIn(google);
    const { code } = google.parseCallback({
      params: callback.searchParams,
      expectedState: authorization.state,
    });
    const profile = await google.exchange({ code, codeVerifier: authorization.codeVerifier });
    expect(profile).toEqual({
      provider: 'google',
      providerUserId: '1001',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      avatarUrl: 'https://img.example/ada.png',
      accessToken: expect.stringMatching(/^ya29\.fake-/),
    });
  });

  it('rejects a code_verifier that does not match the challenge', async () => {
    const { authorization, callback } = await signIn(google);
    const { code } = google.parseCallback({
      params: callback.searchParams,
      expectedState: authorization.state,
    });
    const other = google.createAuthorization().codeVerifier;
    const error = await google.exchange({ code, codeVerifier: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Google rejected the sign-in: invalid_grant',
    });
    // The right verifier still works: a wrong guess does not burn the code, a success does.
    await expect(
      google.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).resolves.toMatchObject({
      providerUserId: '1001',
    });
    await expect(
      google.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).rejects.toThrow('Google rejected the sign-in: invalid_grant');
  });

  it('turns error=access_denied into a clear cancellation', async () => {
    fake.setNextDecision('deny');
    const { authorization, callback } = await signIn(google);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.has('code')).toBe(false);
    expect(() =>
      google.parseCallback({ params: callback.searchParams, expectedState: authorization.state }),
    ).toThrow('The Google sign-in was cancelled.');
  });

  it('reports an unverified email as such', async () => {
    fake.setNextUser('1002');
    const { authorization, callback } = await signIn(google);
    const { code } = google.parseCallback({
      params: callback.searchParams,
      expectedState: authorization.state,
    });
    const profile = await google.exchange({ code, codeVerifier: authorization.codeVerifier });
    expect(profile).toMatchObject({
      email: 'unverified@example.com',
      emailVerified: false,
      name: null,
      avatarUrl: null,
    });
  });

  it('refuses wrong client credentials', async () => {
    const impostor = createOAuthProviders({
      google: { ...fake.providerConfig(redirectUri), clientSecret: 'wrong' },
    }).get('google');
    const { authorization, callback } = await signIn(impostor);
    const { code } = impostor.parseCallback({
      params: callback.searchParams,
      expectedState: authorization.state,
    });
    await expect(
      impostor.exchange({ code, codeVerifier: authorization.codeVerifier }),
    ).rejects.toThrow('Google rejected the sign-in: invalid_client');
  });

  it('reports an unreachable Google as UNAVAILABLE', async () => {
    const offline = createOAuthProviders({
      google: { ...fake.providerConfig(redirectUri), tokenUrl: 'http://127.0.0.1:1/token' },
    }).get('google');
    await expect(offline.exchange({ code: 'x', codeVerifier: 'y' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/Could not reach Google/),
    });
  });
});
