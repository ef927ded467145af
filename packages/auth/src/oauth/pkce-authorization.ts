import {
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  type OAuth2Client,
} from 'arctic';
import type { OAuthAuthorization } from './oauth-provider.js';

/**
 * Starts an authorization-code flow with PKCE (S256): a fresh state and code
 * verifier, and the provider's authorize URL carrying the code challenge.
 * Every provider we support signs in this way.
 */
export function createPkceAuthorization(
  client: OAuth2Client,
  authorizeUrl: string,
  scopes: string[],
): OAuthAuthorization {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = client.createAuthorizationURLWithPKCE(
    authorizeUrl,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    scopes,
  );
  return { url, state, codeVerifier };
}
