import { datadogLibrary, type DatadogLibrary } from './load-datadog-library.js';
import { AppError } from '@vibemonitor/contracts';
import { shortBody } from '../http/endpoint.js';
import type { HttpPolicy } from '../http/http-options.js';
import { safeFetch, type SafeResponse } from '../http/safe-fetch.js';

/** The permission (Datadog role scope) each API we call needs, to name it when it is refused. */
const permissionByPath: Array<[RegExp, string]> = [
  [/^\/api\/v1\/validate/, 'a valid API key'],
  [/^\/api\/v1\/(query|metrics)/, 'metrics_read'],
  [/^\/api\/v2\/logs\//, 'logs_read_data'],
  [/^\/api\/v2\/events/, 'events_read'],
  [/^\/api\/v2\/services/, 'apm_service_catalog_read'],
];

function datadogMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0)
      return parsed.errors.map(String).join('; ');
  } catch {
    // Not JSON: the first line of the body says enough.
  }
  return shortBody(body);
}

/**
 * Datadog's refusals in plain words: which key was refused, which
 * permission is missing, which site answered, when to retry. Thrown from the
 * transport, so every API call gets the same wording.
 */
export function describeDatadogFailure(response: SafeResponse, label: string): AppError | null {
  const { status } = response;
  const url = new URL(response.url);
  const detail = datadogMessage(response.body);
  if (status === 429) {
    const header = response.headers['x-ratelimit-reset'] ?? response.headers['retry-after'];
    const seconds = Number(Array.isArray(header) ? header[0] : header);
    const retryAfterSeconds = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
    return new AppError(
      'TOO_MANY_REQUESTS',
      `${label} is throttling our requests (HTTP 429): retry in ${retryAfterSeconds} s.`,
      { cause: 'throttled', status, retryAfterSeconds },
    );
  }
  if (status === 401 || (status === 403 && url.pathname.startsWith('/api/v1/validate'))) {
    return new AppError(
      'PRECONDITION_FAILED',
      `${label} rejected the API key (HTTP ${status}): check the key, and that it belongs to an organisation on ${url.host} (the region).`,
      { cause: 'auth_rejected', status },
    );
  }
  if (status === 403) {
    const permission =
      permissionByPath.find(([pattern]) => pattern.test(url.pathname))?.[1] ?? 'read access';
    return new AppError(
      'PRECONDITION_FAILED',
      `${label} refused ${url.pathname} (HTTP 403: ${detail}): the application key is invalid or its role lacks the ${permission} permission.`,
      { cause: 'permission_missing', status, permission },
    );
  }
  if (status === 404) {
    return new AppError(
      'UNAVAILABLE',
      `${label} has no ${url.pathname} (HTTP 404): check the region.`,
      { cause: 'not_found', status },
    );
  }
  if (status >= 500 || (status >= 300 && status < 400)) {
    return new AppError('UNAVAILABLE', `${label} answered HTTP ${status}: ${detail}`, {
      cause: 'http_status',
      status,
    });
  }
  return null;
}

/**
 * The Datadog client's transport, replaced by our safe fetch: the address
 * policy (SSRF guard), the deadline and the response size cap apply to every
 * Datadog call exactly as to Prometheus or Loki, and the client's own retries
 * stay off (a throttled call is reported with its retry-after, not repeated
 * behind the caller's back).
 */
export function datadogHttpLibrary(
  policy: HttpPolicy,
  label: string,
): DatadogLibrary.client.HttpLibrary {
  const { client } = datadogLibrary();
  return {
    enableRetry: false,
    async send(request) {
      const method = request.getHttpMethod();
      if (method !== 'GET' && method !== 'POST') {
        throw new Error(`Datadog ${method} calls are not used by VibeMonitor (read-only).`);
      }
      const body = request.getBody();
      const signal = request.getHttpConfig().signal as AbortSignal | undefined;
      const response = await safeFetch(
        request.getUrl(),
        {
          method,
          headers: request.getHeaders(),
          ...(typeof body === 'string' ? { body } : {}),
          ...(signal ? { signal } : {}),
        },
        policy,
      );
      const failure = describeDatadogFailure(response, label);
      if (failure) throw failure;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return new client.ResponseContext(
        response.status,
        headers,
        new client.SelfDecodingBody(Promise.resolve(Buffer.from(response.body, 'utf8'))),
      );
    },
  };
}
