import type { OAuth2Client } from 'arctic';
import { AppError } from '@vibemonitor/contracts';
import { providerRejected, toOAuthAppError } from './oauth-errors.js';
import { providerLabels, type OAuthProviderName } from './oauth-provider.js';

/**
 * Runs the authorization-code + PKCE token request through arctic and returns
 * the access token. GitHub reports OAuth errors with HTTP 200 and an `error`
 * field, which arctic's generic client passes through as "tokens"; other
 * providers answer 400, which arctic throws as OAuth2RequestError. Both end up
 * as the same "<Provider> rejected the sign-in: <code>" AppError.
 */
export async function exchangeAuthorizationCode(
  provider: OAuthProviderName,
  client: OAuth2Client,
  tokenUrl: string,
  { code, codeVerifier }: { code: string; codeVerifier: string },
): Promise<string> {
  let data: object;
  try {
    data = (await client.validateAuthorizationCode(tokenUrl, code, codeVerifier)).data;
  } catch (error) {
    throw toOAuthAppError(provider, error);
  }
  const fields = data as Record<string, unknown>;
  if (typeof fields.error === 'string') {
    throw providerRejected(
      provider,
      fields.error,
      typeof fields.error_description === 'string' ? fields.error_description : null,
    );
  }
  if (typeof fields.access_token !== 'string' || fields.access_token.length === 0) {
    throw new AppError(
      'UNAVAILABLE',
      `${providerLabels[provider]} did not return an access token.`,
      { provider },
    );
  }
  return fields.access_token;
}
