import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppError } from '@vibemonitor/contracts';
import { classifyAddress } from './address-policy.js';
import { describeNetworkError } from './describe-network-error.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_REDIRECTS,
  type HttpPolicy,
  type ResolvedAddress,
} from './http-options.js';
import { bareHostname, resolveHost, systemResolver } from './resolve-host.js';

export interface SafeRequestInit {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  /** Cancels the call (e.g. a job being shut down); the policy's timeout applies as well. */
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The whole body as text (bounded by the policy's maxResponseBytes). */
  body: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials are for the origin the user configured, never for wherever it redirects.
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Checks that `url` may be requested under `policy` and returns the address
 * to connect to. Every address the name resolves to is judged (a resolver
 * answering one public and one metadata address is refused), and the
 * connection is later pinned to the returned one, so a second DNS answer
 * (rebinding) cannot swap it for another.
 * @throws AppError('VALIDATION_FAILED') for a scheme other than http(s) or a
 *   refused address; AppError('UNAVAILABLE') when the name does not resolve.
 */
export async function checkDestination(url: URL, policy: HttpPolicy): Promise<ResolvedAddress> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'VALIDATION_FAILED',
      `${url.protocol.replace(/:$/, '')} URLs are not supported: use http:// or https://.`,
    );
  }
  const addresses = await resolveHost(url.hostname, policy.resolve ?? systemResolver);
  const target = url.origin;
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict === 'blocked') {
      throw new AppError(
        'VALIDATION_FAILED',
        `${target} points at a link-local/cloud metadata address (${address}), which is never allowed.`,
        { cause: 'blocked_address', address },
      );
    }
    if (verdict === 'private' && !policy.allowPrivate) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${target} points at a private network address (${address}); set ALLOW_PRIVATE_INTEGRATION_URLS=true to allow it.`,
        { cause: 'private_address', address },
      );
    }
  }
  const [first] = addresses;
  if (!first)
    throw new AppError('UNAVAILABLE', `Could not resolve host ${url.hostname}.`, { cause: 'dns' });
  return first;
}

/** A lookup that always answers the address we checked: the socket cannot go anywhere else. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (
        callback as unknown as (
          err: null,
          addresses: Array<{ address: string; family: number }>,
        ) => void
      )(null, [pinned]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
}

function requestOnce(
  url: URL,
  pinned: ResolvedAddress,
  init: { method: string; headers: Record<string, string>; body: string | undefined },
  signal: AbortSignal,
  maxBytes: number,
): Promise<Omit<SafeResponse, 'url'>> {
  const isHttps = url.protocol === 'https:';
  const transport = isHttps ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: bareHostname(url.hostname),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method,
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        // A fresh connection per call: a pooled socket might have been opened for another address.
        agent: false,
        lookup: pinnedLookup(pinned),
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            reject(
              new AppError(
                'UNAVAILABLE',
                `${url.host} sent more than ${Math.round(maxBytes / 1024 / 1024)} MiB; narrow the query.`,
                {
                  cause: 'response_too_large',
                },
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * The only way integration code talks to user-supplied URLs. Resolves the
 * host itself and refuses link-local / cloud metadata addresses always and
 * private ones unless `policy.allowPrivate`, pins the connection to the
 * checked address, follows at most 3 redirects (checking each hop again and
 * dropping credentials when the origin changes), and enforces a deadline
 * covering the whole call. Any HTTP status is returned; network failures
 * become UNAVAILABLE AppErrors that name the cause.
 */
export async function safeFetch(
  input: string | URL,
  init: SafeRequestInit,
  policy: HttpPolicy,
): Promise<SafeResponse> {
  const timeoutMs = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let url = new URL(input);
  let method: string = init.method ?? 'GET';
  let body = init.body;
  let headers: Record<string, string> = Object.fromEntries(
    Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );

  for (let hop = 0; ; hop += 1) {
    const pinned = await checkDestination(url, policy);
    let response: Omit<SafeResponse, 'url'>;
    try {
      response = await requestOnce(
        url,
        pinned,
        { method, headers, body },
        signal,
        policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      );
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (timeout.aborted) {
        throw new AppError(
          'UNAVAILABLE',
          `${url.host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`,
          {
            cause: 'timeout',
            host: url.host,
          },
        );
      }
      if (init.signal?.aborted)
        throw new AppError('UNAVAILABLE', `The request to ${url.host} was cancelled.`, {
          cause: 'cancelled',
        });
      throw describeNetworkError(error, url);
    }
    const location = response.headers.location;
    if (!redirectStatuses.has(response.status) || !location)
      return { ...response, url: url.toString() };
    if (hop >= MAX_REDIRECTS) {
      throw new AppError(
        'UNAVAILABLE',
        `${url.host} redirected more than ${MAX_REDIRECTS} times; use the final URL instead.`,
        {
          cause: 'too_many_redirects',
        },
      );
    }
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !credentialHeaders.includes(name)),
      );
    }
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}
