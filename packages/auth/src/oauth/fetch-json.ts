import { AppError } from '@vibemonitor/contracts';
import { providerLabels, type OAuthProviderName } from './oauth-provider.js';

const TIMEOUT_MS = 10_000;

/** GET a provider API with a bearer token; non-2xx, timeouts and non-JSON become UNAVAILABLE AppErrors. */
export async function fetchProviderJson(
  provider: OAuthProviderName,
  url: string,
  accessToken: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const label = providerLabels[provider];
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { ...headers, Authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new AppError(
      'UNAVAILABLE',
      `Could not reach ${label} to read your profile. Try again in a moment.`,
      { provider },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError(
      'UNAVAILABLE',
      `${label} refused to share your profile (HTTP ${response.status}).`,
      {
        provider,
        status: response.status,
      },
    );
  }
  try {
    return await response.json();
  } catch {
    throw new AppError('UNAVAILABLE', `${label} sent a profile we could not read.`, { provider });
  }
}
