import type { IncomingMessage } from 'node:http';
import { sendJson, startLocalHttpServer, type RecordedRequest } from './local-http-server.js';
import { evaluateNrql, NrqlSyntaxError, parseNrql, type NrqlEvent } from './nrql-subset.js';

/*
 * A local NerdGraph: POST /graphql with the key in `API-Key`, answering the
 * three operations VibeMonitor sends (actor.user + actor.account,
 * actor.account.nrql with the NRQL as a variable, actor.entitySearch) the
 * way NerdGraph does: HTTP 200 with `errors` for GraphQL-level failures,
 * 401 for a bad key, 429 with Retry-After when throttled. NRQL is really
 * evaluated (see nrql-subset.ts) over the events it holds.
 */

export interface FakeNewrelic {
  url: string;
  requests: RecordedRequest[];
  /** NRQL received, oldest first. */
  queries: string[];
  /** The next `count` requests answer 429 with Retry-After `seconds`. */
  throttle(count: number, seconds: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeNewrelic(options: {
  apiKey: string;
  accountId: number;
  accountName?: string;
  /** Events by type (`Log`, `Transaction`, `Deployment`...), each with `timestamp` in epoch ms. */
  events: Record<string, NrqlEvent[]>;
  entities?: Array<{ name: string; guid: string; domain: string; type: string }>;
  /** "Now" for queries without SINCE/UNTIL (default the real clock). */
  now?: () => number;
}): Promise<FakeNewrelic> {
  const queries: string[] = [];
  let throttled = 0;
  let retryAfter = 0;
  const server = await startLocalHttpServer(async (req, res, url) => {
    if (req.method !== 'POST' || url.pathname !== '/graphql')
      return sendJson(res, 404, { errors: [{ message: 'Not Found' }] });
    if (throttled > 0) {
      throttled -= 1;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ errors: [{ message: 'Too many requests' }] }));
      return;
    }
    if (req.headers['api-key'] !== options.apiKey) {
      return sendJson(res, 401, { errors: [{ message: 'Invalid API key' }] });
    }
    const body = JSON.parse((await readBody(req)) || '{}') as {
      query?: string;
      variables?: Record<string, unknown>;
    };
    const text = body.query ?? '';
    const variables = body.variables ?? {};
    const accountId = Number(variables.accountId);
    const account =
      accountId === options.accountId
        ? { id: accountId, name: options.accountName ?? 'Account' }
        : null;
    if (/\bnrql\(/.test(text)) {
      if (!account)
        return sendJson(res, 200, {
          data: { actor: { account: null } },
          errors: [{ message: `Access denied to account ${String(variables.accountId)}` }],
        });
      const query = String(variables.nrql ?? '');
      queries.push(query);
      try {
        const parsed = parseNrql(query);
        const results = evaluateNrql(
          parsed,
          options.events[parsed.from] ?? [],
          options.now?.() ?? Date.now(),
        );
        return sendJson(res, 200, { data: { actor: { account: { nrql: { results } } } } });
      } catch (error) {
        if (!(error instanceof NrqlSyntaxError)) throw error;
        return sendJson(res, 200, {
          data: { actor: { account: { nrql: null } } },
          errors: [{ message: error.message }],
        });
      }
    }
    if (/\bentitySearch\(/.test(text)) {
      const search = String(variables.search ?? '');
      const name =
        /name LIKE '%((?:[^'\\]|\\.)*)%'/.exec(search)?.[1]?.replace(/\\(.)/g, '$1') ?? '';
      const entities = (options.entities ?? []).filter((e) => e.name.includes(name));
      return sendJson(res, 200, { data: { actor: { entitySearch: { results: { entities } } } } });
    }
    if (/\buser\s*\{/.test(text)) {
      return sendJson(res, 200, {
        data: { actor: { user: { email: 'oncall@example.com' }, account } },
      });
    }
    return sendJson(res, 200, { errors: [{ message: 'Unsupported operation in the fake' }] });
  });
  return {
    url: `${server.url}/graphql`,
    requests: server.requests,
    queries,
    throttle(count, seconds) {
      throttled = count;
      retryAfter = seconds;
    },
    close: () => server.close(),
  };
}
