import { AppError } from '@vibemonitor/contracts';
import { authHeaders, rejectedCredentialsHint, type HttpAuth } from './http-auth.js';
import type { HttpPolicy } from './http-options.js';
import { safeFetch, type SafeResponse } from './safe-fetch.js';

/** One HTTP API we call: where it is, how we authenticate, and the rules for reaching it. */
export interface Endpoint {
  /** Base URL that API paths are appended to (a path prefix is kept). */
  baseUrl: string;
  auth: HttpAuth;
  policy: HttpPolicy;
  /** Names the service in error messages, e.g. "Prometheus at https://prom.example.com". */
  label: string;
}

export type QueryParams = Record<string, string | number | readonly string[] | undefined>;

/** `baseUrl` + `path` with the query string; repeated params (match[]) from arrays. */
export function endpointUrl(endpoint: Endpoint, path: string, params: QueryParams = {}): URL {
  const url = new URL(`${endpoint.baseUrl.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number')
      url.searchParams.append(name, String(value));
    else for (const item of value) url.searchParams.append(name, item);
  }
  return url;
}

/** The first line of an error body, trimmed, for messages (bodies can be whole HTML pages). */
export function shortBody(body: string, max = 300): string {
  const text = body.trim().split('\n')[0] ?? '';
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/**
 * GETs `path` and returns the response when it is a success or one of
 * `passStatuses` (default 400 and 422, which callers turn into validation
 * errors with the service's own message). Refused credentials, missing
 * endpoints and server errors become AppErrors that say so in plain words.
 */
export async function callEndpoint(
  endpoint: Endpoint,
  path: string,
  params: QueryParams = {},
  options: { signal?: AbortSignal; accept?: string; passStatuses?: number[] } = {},
): Promise<SafeResponse> {
  const url = endpointUrl(endpoint, path, params);
  const response = await safeFetch(
    url,
    {
      method: 'GET',
      headers: { accept: options.accept ?? 'application/json', ...authHeaders(endpoint.auth) },
      ...(options.signal ? { signal: options.signal } : {}),
    },
    endpoint.policy,
  );
  const { status } = response;
  if ((options.passStatuses ?? [400, 422]).includes(status)) return response;
  if (status === 401 || status === 403) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${endpoint.label} refused the request (HTTP ${status}): ${rejectedCredentialsHint(endpoint.auth)}.`,
      { cause: 'auth_rejected', status },
    );
  }
  if (status === 404) {
    throw new AppError(
      'UNAVAILABLE',
      `${endpoint.label} has no ${path} (HTTP 404): check that the URL points at the right service.`,
      {
        cause: 'not_found',
        status,
      },
    );
  }
  if (
    status >= 500 ||
    (status >= 300 && status < 400) ||
    (status >= 400 && status !== 400 && status !== 422)
  ) {
    const detail = shortBody(response.body);
    throw new AppError(
      'UNAVAILABLE',
      `${endpoint.label} answered HTTP ${status}${detail ? `: ${detail}` : ''}.`,
      {
        cause: 'http_status',
        status,
      },
    );
  }
  return response;
}

/** Parses a JSON body, or says plainly that the service did not answer JSON. */
export function parseJson(response: SafeResponse, label: string): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    throw new AppError(
      'UNAVAILABLE',
      `${label} did not answer with JSON: is the URL pointing at the right service?`,
      {
        cause: 'not_json',
      },
    );
  }
}
