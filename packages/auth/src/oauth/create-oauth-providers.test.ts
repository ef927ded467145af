import { describe, expect, it } from 'vitest';
import { createOAuthProviders } from './create-oauth-providers.js';
import type { OAuthProviderName } from './oauth-provider.js';

describe('createOAuthProviders', () => {
  const github = { clientId: 'id', clientSecret: 'secret', redirectUri: 'http://localhost/cb' };

  it('enables only the configured providers', () => {
    const providers = createOAuthProviders({ github });
    expect(providers.enabled()).toEqual(['github']);
    expect(providers.github?.name).toBe('github');
    expect(providers.google).toBeUndefined();
    expect(() => providers.get('google')).toThrow(
      'Sign-in with Google is not enabled on this server.',
    );
    expect(() => providers.get('toString' as OAuthProviderName)).toThrow(/not enabled/);
  });

  it("points at the real providers' endpoints by default", () => {
    const providers = createOAuthProviders({ github, google: github });
    const googleUrl = providers.get('google').createAuthorization().url;
    expect(`${googleUrl.origin}${googleUrl.pathname}`).toBe(
      'https://accounts.google.com/o/oauth2/v2/auth',
    );
    const githubUrl = providers.get('github').createAuthorization().url;
    expect(`${githubUrl.origin}${githubUrl.pathname}`).toBe(
      'https://github.com/login/oauth/authorize',
    );
    expect(githubUrl.searchParams.get('code_challenge_method')).toBe('S256');
  });
});
