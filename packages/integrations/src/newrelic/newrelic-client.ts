import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { shortBody } from '../http/endpoint.js';
import type { HttpPolicy } from '../http/http-options.js';
import { safeFetch } from '../http/safe-fetch.js';
import { nrql, nrqlString } from './nrql.js';

export const newrelicRegions = ['US', 'EU'] as const;
export type NewrelicRegion = (typeof newrelicRegions)[number];

/** NerdGraph's address per region. */
export function nerdGraphUrl(region: NewrelicRegion): string {
  return region === 'EU'
    ? 'https://api.eu.newrelic.com/graphql'
    : 'https://api.newrelic.com/graphql';
}

export interface NewrelicEntity {
  name: string;
  guid: string;
  domain: string | null;
  type: string | null;
}

export interface NewrelicClient {
  readonly label: string;
  /** The key's user and the account: proves the key and the access to the account. */
  validate(options?: { signal?: AbortSignal }): Promise<{ user: string | null; account: string }>;
  /** Runs NRQL (build it with `nrql`, which escapes every value) and returns its result rows. */
  query(query: string, options?: { signal?: AbortSignal }): Promise<Array<Record<string, unknown>>>;
  /** Entities of the account (APM applications, hosts...) whose name contains `name` (all when empty). */
  searchEntities(options?: { name?: string; signal?: AbortSignal }): Promise<NewrelicEntity[]>;
}

const graphqlAnswer = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(
      z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()).optional() }),
    )
    .optional(),
});

/**
 * A read-only NerdGraph (GraphQL over HTTPS) client: the account id and the
 * NRQL travel as GraphQL variables, never inside the GraphQL text. Calls
 * go through the safe fetch (address policy, deadline, size cap).
 * `baseUrl` replaces the region's address (tests point it at the fake).
 */
export function createNewrelicClient(options: {
  apiKey: string;
  accountId: number;
  region: NewrelicRegion;
  policy: HttpPolicy;
  baseUrl?: string | undefined;
}): NewrelicClient {
  const url = options.baseUrl ?? nerdGraphUrl(options.region);
  const label = `New Relic (${options.region})`;
  const call = async (
    query: string,
    variables: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const response = await safeFetch(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'api-key': options.apiKey,
        },
        body: JSON.stringify({ query, variables }),
        ...(signal ? { signal } : {}),
      },
      options.policy,
    );
    if (response.status === 429) {
      const header = response.headers['retry-after'];
      const seconds = Number(Array.isArray(header) ? header[0] : header);
      const retryAfterSeconds = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `${label} is throttling our requests (HTTP 429): retry in ${retryAfterSeconds} s.`,
        { cause: 'throttled', status: 429, retryAfterSeconds },
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `${label} rejected the API key (HTTP ${response.status}): use a User key (NRAK-...) from the account's region (${options.region}).`,
        { cause: 'auth_rejected', status: response.status },
      );
    }
    if (response.status !== 200) {
      throw new AppError(
        'UNAVAILABLE',
        `${label} answered HTTP ${response.status}: ${shortBody(response.body)}`,
        {
          cause: 'http_status',
          status: response.status,
        },
      );
    }
    let parsed: z.infer<typeof graphqlAnswer>;
    try {
      parsed = graphqlAnswer.parse(JSON.parse(response.body));
    } catch {
      throw new AppError('UNAVAILABLE', `${label} answered in an unexpected format.`, {
        cause: 'unexpected_format',
      });
    }
    const message = parsed.errors?.map((e) => e.message).join('; ');
    if (message) {
      if (/nrql syntax|syntax error|invalid nrql/i.test(message)) {
        throw new AppError('VALIDATION_FAILED', `${label} refused the query: ${message}`, {
          cause: 'query_rejected',
        });
      }
      if (/access|not authorized|forbidden|permission/i.test(message)) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `${label} refused access to account ${options.accountId}: ${message}. The key's user needs read access to that account.`,
          { cause: 'permission_missing' },
        );
      }
      throw new AppError('UNAVAILABLE', `${label} reported an error: ${message}`, {
        cause: 'api_error',
      });
    }
    return parsed.data;
  };

  return {
    label,
    async validate({ signal } = {}) {
      const data = (await call(
        'query($accountId: Int!) { actor { user { email } account(id: $accountId) { id name } } }',
        { accountId: options.accountId },
        signal,
      )) as
        { actor?: { user?: { email?: string }; account?: { name?: string } | null } } | undefined;
      const account = data?.actor?.account;
      if (!account) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `${label}: account ${options.accountId} is not visible to this key (wrong account id, or an account in the other region).`,
          { cause: 'permission_missing' },
        );
      }
      return {
        user: data.actor?.user?.email ?? null,
        account: account.name ?? String(options.accountId),
      };
    },
    async query(query, { signal } = {}) {
      const data = (await call(
        'query($accountId: Int!, $nrql: Nrql!) { actor { account(id: $accountId) { nrql(query: $nrql, timeout: 30) { results } } } }',
        { accountId: options.accountId, nrql: query },
        signal,
      )) as { actor?: { account?: { nrql?: { results?: unknown } } | null } } | undefined;
      const results = data?.actor?.account?.nrql?.results;
      return Array.isArray(results) ? (results as Array<Record<string, unknown>>) : [];
    },
    async searchEntities({ name = '', signal } = {}) {
      // Entity search has its own query language: the account id is a number, the name a quoted literal.
      const search =
        `accountId = ${Math.trunc(options.accountId)}` +
        (name ? ` AND name LIKE ${nrqlString(`%${name}%`)}` : '');
      const data = (await call(
        'query($search: String!) { actor { entitySearch(query: $search) { results { entities { name guid domain type } } } } }',
        { search },
        signal,
      )) as
        | { actor?: { entitySearch?: { results?: { entities?: Array<Partial<NewrelicEntity>> } } } }
        | undefined;
      return (data?.actor?.entitySearch?.results?.entities ?? []).map((e) => ({
        name: e.name ?? '',
        guid: e.guid ?? '',
        domain: e.domain ?? null,
        type: e.type ?? null,
      }));
    },
  };
}

/** Log lines of one service (`service` or `entity.name`) containing `text`, newest first: every value escaped. */
export function serviceLogsNrql(input: {
  service: string;
  text?: string;
  since: Date;
  until: Date;
  limit: number;
}): string {
  const contains = input.text ? nrql` AND message LIKE ${`%${input.text.replace(/%/g, '')}%`}` : '';
  return (
    nrql`SELECT timestamp, message, service, level FROM Log WHERE (service = ${input.service} OR entity.name = ${input.service})` +
    contains +
    nrql` SINCE ${input.since} UNTIL ${input.until} LIMIT ${Math.min(Math.max(1, Math.trunc(input.limit)), 5000)}`
  );
}
