import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@vibemonitor/contracts';
import { providerRejected } from './oauth-errors.js';
import { providerLabels, type OAuthProviderName } from './oauth-provider.js';

function sameState(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Validates the query of an OAuth redirect back to us. The state check is the
 * CSRF defence of the flow: without it an attacker could make a victim's
 * browser finish a sign-in the attacker started.
 */
export function parseOAuthCallback(
  provider: OAuthProviderName,
  { params, expectedState }: { params: URLSearchParams; expectedState: string | undefined },
): { code: string } {
  const label = providerLabels[provider];
  const error = params.get('error');
  if (error === 'access_denied') {
    throw new AppError('BAD_REQUEST', `The ${label} sign-in was cancelled.`, {
      provider,
      oauthError: error,
    });
  }
  if (error) throw providerRejected(provider, error, params.get('error_description'));

  const state = params.get('state');
  if (!expectedState || !state || !sameState(state, expectedState)) {
    throw new AppError(
      'BAD_REQUEST',
      `The ${label} sign-in expired or was started in another browser. Please try again.`,
      {
        provider,
      },
    );
  }
  const code = params.get('code');
  if (!code)
    throw new AppError('BAD_REQUEST', `${label} did not send an authorization code.`, { provider });
  return { code };
}
