export type OAuthProviderName = 'google' | 'github';

/** What the API stores in a cookie before redirecting, and hands back to `exchange` on the callback. */
export interface OAuthAuthorization {
  url: URL;
  state: string;
  codeVerifier: string;
}

/** A provider's account, normalized across providers. */
export interface OAuthProfile {
  provider: OAuthProviderName;
  providerUserId: string;
  /** Lowercased. */
  email: string;
  /**
   * Whether the provider vouches for the email. Never link an unverified email
   * to an existing account: anyone can add someone else's address to a GitHub account.
   */
  emailVerified: boolean;
  name: string | null;
  avatarUrl: string | null;
  accessToken: string;
}

export interface OAuthProvider {
  readonly name: OAuthProviderName;
  /** A fresh authorization URL with random state and a PKCE (S256) code verifier. */
  createAuthorization(): OAuthAuthorization;
  /**
   * Reads the provider's redirect back to us: checks `state` against the one
   * issued and turns `error=access_denied` and friends into AppErrors.
   */
  parseCallback(input: { params: URLSearchParams; expectedState: string | undefined }): {
    code: string;
  };
  /** Trades the authorization code for tokens, then fetches and normalizes the profile. */
  exchange(input: { code: string; codeVerifier: string }): Promise<OAuthProfile>;
}

export const providerLabels: Record<OAuthProviderName, string> = {
  google: 'Google',
  github: 'GitHub',
};
