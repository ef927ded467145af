import { AppError } from '@vibemonitor/contracts';

const tlsCodes = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Turns a failed connection into an UNAVAILABLE AppError whose message names
 * the cause in plain words (refused, reset, unreachable, TLS...), so a person
 * fixing the integration knows where to look. `details.cause` is stable for
 * code that branches on it.
 */
export function describeNetworkError(error: unknown, url: URL): AppError {
  const code = (error as { code?: string }).code ?? '';
  const host = url.host;
  const fail = (cause: string, message: string) =>
    new AppError('UNAVAILABLE', message, { cause, host });
  if (code === 'ECONNREFUSED')
    return fail('connection_refused', `Connection refused by ${host}: nothing is listening there.`);
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /socket hang up/i.test(String((error as Error).message))
  ) {
    return fail('connection_reset', `The connection to ${host} was closed before it answered.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return fail('unreachable', `${host} cannot be reached from this server (no route to host).`);
  }
  if (code === 'ETIMEDOUT')
    return fail('timeout', `${host} did not accept the connection in time.`);
  if (tlsCodes.has(code)) {
    return fail('tls', `The TLS certificate of ${host} could not be verified (${code}).`);
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code === 'HPE_INVALID_CONSTANT') {
    return fail(
      'protocol',
      `${host} did not answer in ${url.protocol === 'https:' ? 'HTTPS' : 'HTTP'}: check the URL's scheme and port.`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return fail('network', `The request to ${host} failed: ${message}`);
}
