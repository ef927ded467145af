import { AppError, isAppError } from '@vibemonitor/contracts';
import { checkDestination } from '@vibemonitor/integrations';
import type { PinnedFetchPolicy } from './pinned-fetch.js';

/**
 * Refuses an LLM endpoint before anything is sent to it: a scheme other than
 * http(s), a host resolving to a link-local / cloud metadata address, a
 * private one unless `policy.allowPrivate`, and a host that does not resolve
 * at all (unlike integration URLs, which let that through to the connection
 * check: an endpoint nobody can verify is not saved).
 * @throws AppError('VALIDATION_FAILED') saying what is wrong with the endpoint.
 */
export async function checkLlmEndpoint(endpoint: string, policy: PinnedFetchPolicy): Promise<void> {
  const url = new URL(endpoint);
  try {
    await checkDestination(url, policy);
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAVAILABLE') {
      throw new AppError(
        'VALIDATION_FAILED',
        `The endpoint's host ${url.hostname} does not resolve: check its name.`,
        { cause: 'dns', host: url.hostname },
      );
    }
    throw error;
  }
}
