import { AppError, isAppError } from '@vibemonitor/contracts';
import {
  ArcticFetchError,
  OAuth2RequestError,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from 'arctic';
import { providerLabels, type OAuthProviderName } from './oauth-provider.js';

/** The AppError for an OAuth error code the provider sent us (token endpoint or callback). */
export function providerRejected(
  provider: OAuthProviderName,
  code: string,
  description?: string | null,
): AppError {
  return new AppError('BAD_REQUEST', `${providerLabels[provider]} rejected the sign-in: ${code}`, {
    provider,
    oauthError: code,
    ...(description ? { description } : {}),
  });
}

/**
 * Maps whatever arctic or fetch threw into an AppError with a message a person
 * can act on: the provider said no (BAD_REQUEST) or could not be reached /
 * answered nonsense (UNAVAILABLE).
 */
export function toOAuthAppError(provider: OAuthProviderName, error: unknown): AppError {
  if (isAppError(error)) return error;
  const label = providerLabels[provider];
  if (error instanceof OAuth2RequestError)
    return providerRejected(provider, error.code, error.description);
  if (error instanceof ArcticFetchError) {
    return new AppError(
      'UNAVAILABLE',
      `Could not reach ${label} to complete the sign-in. Try again in a moment.`,
      {
        provider,
      },
    );
  }
  if (
    error instanceof UnexpectedResponseError ||
    error instanceof UnexpectedErrorResponseBodyError
  ) {
    return new AppError(
      'UNAVAILABLE',
      `${label} answered the sign-in with an unexpected response (HTTP ${error.status}).`,
      {
        provider,
        status: error.status,
      },
    );
  }
  return new AppError(
    'UNAVAILABLE',
    `${label} sign-in failed: ${error instanceof Error ? error.message : String(error)}`,
    {
      provider,
    },
  );
}
