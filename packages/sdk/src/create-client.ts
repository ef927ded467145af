import {
  createTRPCClient,
  httpBatchLink,
  httpBatchStreamLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import type { EventSourceLike } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import type { AppRouter } from '@vibemonitor/api';
import { MAX_TRPC_BATCH_SIZE } from '@vibemonitor/contracts';

export type VibeMonitorClient = TRPCClient<AppRouter>;

type FetchLike = typeof fetch;

export interface CreateClientOptions {
  /** Base URL of the server, e.g. `http://localhost:3000` (the client adds `/trpc`). */
  url: string;
  /**
   * Session token for non-browser callers, sent as `Authorization: Bearer`.
   * A function is called per request, so a refreshed token is picked up.
   * Browsers should omit it and rely on the HttpOnly session cookie.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * EventSource implementation for subscriptions. Browsers have one; Node 20
   * does not: pass the `eventsource` package's class (it can send headers).
   */
  EventSource?: EventSourceLike.AnyConstructor;
  /** fetch implementation (defaults to the global one). */
  fetch?: FetchLike;
  /** Extra headers on every query and mutation. */
  headers?: Record<string, string>;
  /**
   * Whether a browser sends its cookies to the server. Defaults to `'include'`,
   * so a console on another origin (allowed by the server's `CORS_ORIGINS`)
   * authenticates with the session cookie; the SSE subscriptions then use
   * `withCredentials`. Node ignores it.
   */
  credentials?: 'include' | 'same-origin' | 'omit';
}

/**
 * A typed client for the VibeMonitor API: queries and mutations go through a
 * streaming batch link, subscriptions through Server-Sent Events, both with
 * superjson so dates and maps survive the wire.
 */
export function createClient(options: CreateClientOptions): VibeMonitorClient {
  const trpcUrl = `${options.url.replace(/\/+$/, '')}/trpc`;
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const credentials = options.credentials ?? 'include';
  const fetchImpl: FetchLike = (input, init) => baseFetch(input, { credentials, ...init });

  const resolveToken = async (): Promise<string | undefined> =>
    typeof options.token === 'function' ? await options.token() : options.token;

  const authHeaders = async (): Promise<Record<string, string>> => {
    const token = await resolveToken();
    return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  };

  const EventSourceImpl =
    options.EventSource ??
    (globalThis as { EventSource?: EventSourceLike.AnyConstructor }).EventSource;

  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: trpcUrl,
          transformer: superjson,
          ...(EventSourceImpl ? { EventSource: EventSourceImpl } : {}),
          // The `eventsource` package accepts a custom fetch: that is how a
          // Node client sends its bearer token without putting it in the URL.
          eventSourceOptions: async () => {
            const headers = await authHeaders();
            return {
              withCredentials: credentials === 'include',
              fetch: (input: string | URL | Request, init?: RequestInit) =>
                fetchImpl(input, {
                  ...init,
                  headers: { ...(init?.headers as Record<string, string>), ...headers },
                }),
            } as never;
          },
        }),
        // Mutations use the plain batch link: its response headers are sent
        // after the procedures ran, so a Set-Cookie from login or
        // refresh reaches the browser. Queries stream (slow ones don't hold
        // back fast ones in the same batch).
        false: splitLink({
          condition: (op) => op.type === 'mutation',
          true: httpBatchLink({
            url: trpcUrl,
            transformer: superjson,
            fetch: fetchImpl as never,
            headers: authHeaders,
            maxItems: MAX_TRPC_BATCH_SIZE,
          }),
          false: httpBatchStreamLink({
            url: trpcUrl,
            transformer: superjson,
            fetch: fetchImpl as never,
            headers: authHeaders,
            maxItems: MAX_TRPC_BATCH_SIZE,
          }),
        }),
      }),
    ],
  });
}
