import { AppError, isAppError } from '@vibemonitor/contracts';
import type { HttpPolicy } from './http-options.js';
import { checkDestination } from './safe-fetch.js';

/**
 * Validates and normalises the base URL of an integration: http(s) only, no
 * credentials inside it (they would end up in logs and in the stored config),
 * no query or fragment (API paths are appended to it), no trailing slash.
 * @throws AppError('VALIDATION_FAILED') saying what to change.
 */
export function normalizeIntegrationUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${text}" is not a URL: use the form https://grafana.example.com.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'VALIDATION_FAILED',
      `${url.protocol.replace(/:$/, '')} URLs are not supported: use http:// or https://.`,
    );
  }
  if (url.username || url.password) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Put the username, password or token in their own fields, not inside the URL.',
    );
  }
  if (url.search || url.hash) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The URL must not have a query string or a fragment: give the base URL of the service.',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Refuses a URL whose host is (or resolves to) a blocked address under
 * `policy`, before anything is sent to it. A host that does not resolve is
 * let through: the check that follows reports it as a failing connection.
 * @throws AppError('VALIDATION_FAILED') for a blocked or private address.
 */
export async function assertUrlAllowed(url: string, policy: HttpPolicy): Promise<void> {
  try {
    await checkDestination(new URL(url), policy);
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') throw error;
  }
}
