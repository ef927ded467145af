import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { AppError } from '@vibemonitor/contracts';
import {
  checkDestination,
  MAX_REDIRECTS,
  type HttpPolicy,
  type ResolvedAddress,
} from '@vibemonitor/integrations';

/** Where a model client may connect: the safe-HTTP policy without a whole-call deadline (answers stream). */
export type PinnedFetchPolicy = Pick<HttpPolicy, 'allowPrivate' | 'resolve'>;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials belong to the origin that was configured, never to wherever it redirects.
const credentialHeaders = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
]);
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/** A lookup that always answers the address we checked: the socket cannot go anywhere else. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, [pinned]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
}

function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function send(
  url: URL,
  pinned: ResolvedAddress,
  init: { method: string; headers: Record<string, string>; body: Buffer | undefined },
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      {
        protocol: url.protocol,
        hostname: bareHostname(url.hostname),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method,
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': String(init.body.length) },
        // A fresh connection per call: a pooled socket might have been opened for another address.
        agent: false,
        lookup: pinnedLookup(pinned),
        signal,
      },
      resolve,
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * A WHATWG `fetch` for the LLM SDKs (OpenAI, Azure OpenAI, Groq) that goes
 * through the same destination check as integration calls: the host is
 * resolved here and every address judged (link-local / cloud metadata always
 * refused, private ones unless `policy.allowPrivate`), the socket is pinned
 * to the checked address (no DNS rebinding), and each redirect hop is checked
 * again, with credentials dropped when the origin changes. Unlike `safeFetch`
 * the body is handed over as it arrives, so SSE chat completions still stream;
 * deadlines come from the caller's `signal` (the SDKs' own timeouts).
 * A refused destination rejects with AppError('VALIDATION_FAILED') before any
 * connection is made.
 */
export function createPinnedFetch(policy: PinnedFetchPolicy): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = request.signal;
    let body: Buffer | undefined =
      request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    let method = request.method;
    let headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // node:http does not decompress; ask for plain bytes so the SDKs can parse them as they stream.
    headers['accept-encoding'] = 'identity';
    let url = new URL(request.url);

    for (let hop = 0; ; hop += 1) {
      const pinned = await checkDestination(url, policy);
      signal.throwIfAborted();
      const res = await send(url, pinned, { method, headers, body }, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (redirectStatuses.has(status) && location && request.redirect !== 'manual') {
        res.resume();
        if (request.redirect === 'error' || hop >= MAX_REDIRECTS) {
          throw new AppError('UNAVAILABLE', `${url.host} redirected too many times.`, {
            cause: 'too_many_redirects',
          });
        }
        const next = new URL(location, url);
        if (next.origin !== url.origin) {
          headers = Object.fromEntries(
            Object.entries(headers).filter(([name]) => !credentialHeaders.has(name)),
          );
        }
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
        continue;
      }
      const stream = nullBodyStatuses.has(status)
        ? null
        : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (stream === null) res.resume();
      const response = new Response(stream, {
        status,
        statusText: res.statusMessage ?? '',
        headers: responseHeaders(res),
      });
      Object.defineProperty(response, 'url', { value: url.toString() });
      return response;
    }
  };
}
