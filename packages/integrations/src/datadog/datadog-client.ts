import { datadogLibrary, type DatadogLibrary } from './load-datadog-library.js';
import { AppError, isAppError } from '@vibemonitor/contracts';
import type { HttpPolicy } from '../http/http-options.js';
import { datadogHttpLibrary } from './datadog-http.js';

/** Log lines fetched by one search at most (pages of 1 000, Datadog's maximum page). */
export const DATADOG_MAX_LOG_LINES = 5_000;
const LOG_PAGE_LIMIT = 1_000;

export interface DatadogPoint {
  /** Epoch milliseconds. */
  timestamp: number;
  value: number | null;
}

export interface DatadogSeries {
  metric: string;
  /** `tag:value` pairs of the group (`service:orders`); empty for an ungrouped query. */
  tags: Record<string, string>;
  /** Seconds between points, as Datadog rolled them up. */
  intervalSeconds: number | null;
  points: DatadogPoint[];
}

export interface DatadogLogLine {
  timestamp: number;
  message: string;
  service: string | null;
  status: string | null;
  host: string | null;
  tags: Record<string, string>;
}

export interface DatadogEvent {
  timestamp: number;
  title: string;
  message: string;
  source: string | null;
  tags: Record<string, string>;
}

export interface DatadogClient {
  readonly label: string;
  /** GET /api/v1/validate: is the API key valid on this site. */
  validate(options?: { signal?: AbortSignal }): Promise<void>;
  /** Metric names with data since `from` (GET /api/v1/metrics, needs the application key). */
  listActiveMetrics(options: { from: Date; signal?: AbortSignal }): Promise<string[]>;
  /** A metrics query (`sum:trace.http.request.hits{*} by {service}.as_count()`) over [from, to]. */
  queryTimeseries(options: {
    query: string;
    from: Date;
    to: Date;
    signal?: AbortSignal;
  }): Promise<DatadogSeries[]>;
  /** Logs search v2, following the cursor until `limit` lines or the last page. */
  searchLogs(options: {
    query: string;
    from: Date;
    to: Date;
    limit: number;
    sort?: 'timestamp' | '-timestamp';
    signal?: AbortSignal;
  }): Promise<{ lines: DatadogLogLine[]; truncated: boolean }>;
  /** Events (deployments, config changes...) matching `query` in [from, to]. */
  listEvents(options: {
    query: string;
    from: Date;
    to: Date;
    limit?: number;
    signal?: AbortSignal;
  }): Promise<DatadogEvent[]>;
  /** Service names from the service catalog. */
  listServices(options?: { signal?: AbortSignal }): Promise<string[]>;
}

/** `["service:orders", "env:prod", "flag"]` as a record; a bare tag maps to "". */
export function tagRecord(tags: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const colon = tag.indexOf(':');
    if (colon < 0) record[tag] = '';
    else record[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return record;
}

/** The client's exceptions that got past the transport (400: our query was refused). */
function rethrow(error: unknown, label: string): never {
  if (isAppError(error)) throw error;
  if (error instanceof datadogLibrary().client.ApiException) {
    const body = error.body as { errors?: unknown } | string | undefined;
    const detail =
      typeof body === 'object' && body !== null && Array.isArray(body.errors)
        ? body.errors.map(String).join('; ')
        : String(typeof body === 'string' ? body : JSON.stringify(body));
    if (error.code === 400) {
      throw new AppError('VALIDATION_FAILED', `${label} refused the query: ${detail}`, {
        cause: 'query_rejected',
        status: 400,
      });
    }
    throw new AppError('UNAVAILABLE', `${label} answered HTTP ${error.code}: ${detail}`, {
      cause: 'http_status',
      status: error.code,
    });
  }
  throw new AppError(
    'UNAVAILABLE',
    `${label} answered in an unexpected format: ${error instanceof Error ? error.message : String(error)}`,
    { cause: 'unexpected_format' },
  );
}

/**
 * A read-only Datadog client on the official library, its transport our
 * safe fetch. `baseUrl` replaces `https://api.<site>` (tests point it at the
 * fake; nothing a workspace enters can set it).
 */
export function createDatadogClient(options: {
  site: string;
  apiKey: string;
  appKey: string;
  policy: HttpPolicy;
  baseUrl?: string | undefined;
}): DatadogClient {
  const label = `Datadog (${options.site})`;
  const { client, v1, v2 } = datadogLibrary();
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: options.apiKey, appKeyAuth: options.appKey },
    httpApi: datadogHttpLibrary(options.policy, label),
    baseServer: new client.BaseServerConfiguration(
      options.baseUrl ?? 'https://{subdomain}.{site}',
      { subdomain: 'api', site: options.site },
    ),
    enableRetry: false,
  });
  const withSignal = (
    signal: AbortSignal | undefined,
  ): DatadogLibrary.client.Configuration | undefined => {
    if (!signal) return undefined;
    const scoped = Object.create(configuration) as DatadogLibrary.client.Configuration;
    Object.defineProperty(scoped, 'httpConfig', { value: { ...configuration.httpConfig, signal } });
    return scoped;
  };
  const auth = new v1.AuthenticationApi(configuration);
  const metricsV1 = new v1.MetricsApi(configuration);
  const logs = new v2.LogsApi(configuration);
  const events = new v2.EventsApi(configuration);
  const catalog = new v2.ServiceDefinitionApi(configuration);
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      rethrow(error, label);
    }
  };

  return {
    label,
    async validate({ signal } = {}) {
      const answer = await call(() => auth.validate(withSignal(signal)));
      if (answer.valid !== true) {
        throw new AppError('PRECONDITION_FAILED', `${label} says the API key is not valid.`, {
          cause: 'auth_rejected',
        });
      }
    },
    async listActiveMetrics({ from, signal }) {
      const answer = await call(() =>
        metricsV1.listActiveMetrics(
          { from: Math.floor(from.getTime() / 1000) },
          withSignal(signal),
        ),
      );
      return answer.metrics ?? [];
    },
    async queryTimeseries({ query, from, to, signal }) {
      const answer = await call(() =>
        metricsV1.queryMetrics(
          {
            from: Math.floor(from.getTime() / 1000),
            to: Math.ceil(to.getTime() / 1000),
            query,
          },
          withSignal(signal),
        ),
      );
      if (answer.status === 'error') {
        throw new AppError(
          'VALIDATION_FAILED',
          `${label} refused the query: ${answer.error ?? ''}`,
          {
            cause: 'query_rejected',
          },
        );
      }
      return (answer.series ?? []).map((series) => ({
        metric: series.metric ?? '',
        tags: tagRecord(series.tagSet),
        intervalSeconds: series.interval ?? null,
        points: (series.pointlist ?? []).map(([timestamp, value]) => ({
          timestamp,
          value: typeof value === 'number' && Number.isFinite(value) ? value : null,
        })),
      }));
    },
    async searchLogs({ query, from, to, limit, sort = '-timestamp', signal }) {
      const wanted = Math.min(limit, DATADOG_MAX_LOG_LINES);
      const lines: DatadogLogLine[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await call(() =>
          logs.listLogs(
            {
              body: {
                filter: { query, from: from.toISOString(), to: to.toISOString() },
                sort,
                page: {
                  limit: Math.min(LOG_PAGE_LIMIT, wanted - lines.length),
                  ...(cursor ? { cursor } : {}),
                },
              },
            },
            withSignal(signal),
          ),
        );
        for (const log of page.data ?? []) {
          const attributes = log.attributes ?? {};
          lines.push({
            timestamp: attributes.timestamp ? new Date(attributes.timestamp).getTime() : 0,
            message: attributes.message ?? '',
            service: attributes.service ?? null,
            status: attributes.status ?? null,
            host: attributes.host ?? null,
            tags: tagRecord(attributes.tags),
          });
        }
        cursor = page.meta?.page?.after;
        if (!cursor || lines.length >= wanted) break;
      }
      return { lines: lines.slice(0, wanted), truncated: cursor !== undefined };
    },
    async listEvents({ query, from, to, limit = 200, signal }) {
      const answer = await call(() =>
        events.listEvents(
          {
            filterQuery: query,
            filterFrom: from.toISOString(),
            filterTo: to.toISOString(),
            pageLimit: Math.min(limit, 1000),
          },
          withSignal(signal),
        ),
      );
      return (answer.data ?? []).map((event) => {
        const attributes = event.attributes ?? {};
        const inner = attributes.attributes ?? {};
        return {
          timestamp: attributes.timestamp
            ? new Date(attributes.timestamp).getTime()
            : (inner.timestamp ?? 0),
          title: inner.title ?? attributes.message ?? '',
          message: attributes.message ?? '',
          source: inner.sourceTypeName ?? inner.evt?.sourceId?.toString() ?? null,
          tags: tagRecord(attributes.tags ?? inner.tags),
        };
      });
    },
    async listServices({ signal } = {}) {
      const answer = await call(() =>
        catalog.listServiceDefinitions({ pageSize: 100 }, withSignal(signal)),
      );
      return (answer.data ?? []).flatMap((definition) => {
        const schema = (definition.attributes?.schema ?? {}) as Record<string, unknown>;
        const name = schema['dd-service'] ?? schema.ddService;
        return typeof name === 'string' ? [name] : [];
      });
    },
  };
}
