import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startLocalHttpServer, type RecordedRequest } from './local-http-server.js';

/*
 * A local server speaking the parts of Datadog's public API that VibeMonitor
 * reads, as documented: v1 validate, active metrics and metrics query, v2
 * logs search (cursor pages), v2 events, v2 service definitions. Keys arrive
 * in DD-API-KEY / DD-APPLICATION-KEY; refusals are 403 `{ errors: [...] }`,
 * throttling 429 with the X-RateLimit-* headers.
 */

export interface FakeDatadogMetric {
  metric: string;
  /**
   * `count` points are per-interval counts (`.as_count()`), `gauge` points are levels,
   * `distribution` points are single measurements (several per interval), which the
   * percentile aggregators (`p99:`) and the others combine per interval.
   */
  type: 'count' | 'gauge' | 'distribution';
  tags: Record<string, string>;
  /** [epoch ms, value]. */
  points: Array<[number, number]>;
}

export interface FakeDatadogLog {
  at: Date;
  message: string;
  service: string;
  status: string;
  host?: string;
  tags?: Record<string, string>;
}

export interface FakeDatadogEvent {
  at: Date;
  title: string;
  message?: string;
  source: string;
  tags: Record<string, string>;
}

/** The permissions the fake can withhold from the application key. */
export type FakeDatadogPermission =
  'metrics_read' | 'logs_read_data' | 'events_read' | 'apm_service_catalog_read';

export interface FakeDatadog {
  url: string;
  requests: RecordedRequest[];
  /** Metric queries received, oldest first. */
  metricQueries: string[];
  /** Log search queries received, oldest first. */
  logQueries: string[];
  /** The next `count` requests answer 429 with X-RateLimit-Reset `resetSeconds`. */
  throttle(count: number, resetSeconds: number): void;
  /** The application key's role lacks these permissions (403 on the APIs that need them). */
  withhold(permissions: FakeDatadogPermission[]): void;
  close(): Promise<void>;
}

const permissionOf = (path: string): FakeDatadogPermission | null =>
  path.startsWith('/api/v1/query') || path.startsWith('/api/v1/metrics')
    ? 'metrics_read'
    : path.startsWith('/api/v2/logs/')
      ? 'logs_read_data'
      : path.startsWith('/api/v2/events')
        ? 'events_read'
        : path.startsWith('/api/v2/services')
          ? 'apm_service_catalog_read'
          : null;

interface ParsedQuery {
  /** Space aggregation; `pNN` (distributions only) is the NNth percentile of the interval's values. */
  aggregator: 'sum' | 'avg' | 'max' | 'min' | 'p50' | 'p75' | 'p90' | 'p95' | 'p99';
  metric: string;
  scope: Array<{ key: string; value: string; negated: boolean }>;
  groupBy: string[];
  asCount: boolean;
  /** `.rollup(sum, 60)`: the interval asked for. */
  rollupSeconds: number | null;
}

/** `sum:trace.http.request.hits{env:prod,!host:a} by {service}.as_count()`: the grammar the fake evaluates. */
export function parseDatadogQuery(query: string): ParsedQuery | null {
  const match =
    /^(sum|avg|max|min|p50|p75|p90|p95|p99):([A-Za-z0-9_.]+)\{([^}]*)\}(?:\s+by\s+\{([^}]*)\})?(\.as_count\(\)|\.as_rate\(\))?(?:\.rollup\((?:sum|avg|max|min),\s*(\d+)\))?$/.exec(
      query.trim(),
    );
  if (!match) return null;
  const scope = match[3]!.trim() === '*' || match[3]!.trim() === '' ? [] : match[3]!.split(',');
  return {
    aggregator: match[1] as ParsedQuery['aggregator'],
    metric: match[2]!,
    scope: scope.map((term) => {
      const negated = term.trim().startsWith('!');
      const text = term.trim().replace(/^!/, '');
      const colon = text.indexOf(':');
      return {
        key: colon < 0 ? text : text.slice(0, colon),
        value: colon < 0 ? '' : text.slice(colon + 1),
        negated,
      };
    }),
    groupBy: (match[4] ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    asCount: match[5] === '.as_count()',
    rollupSeconds: match[6] ? Number(match[6]) : null,
  };
}

function aggregate(aggregator: ParsedQuery['aggregator'], values: number[]): number {
  if (aggregator === 'sum') return values.reduce((a, b) => a + b, 0);
  if (aggregator === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  if (aggregator === 'max') return Math.max(...values);
  if (aggregator === 'min') return Math.min(...values);
  // A percentile over every value of the interval (Datadog computes it from its sketch; nearest rank here).
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Number(aggregator.slice(1)) / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/** Logs search terms: `service:x`, `status:error`, `-status:info`, `"quoted text"`, bare words; all must hold. */
function logMatches(log: FakeDatadogLog, query: string): boolean {
  const terms =
    query.match(/-?[A-Za-z_.@]+:(?:"(?:[^"\\]|\\.)*"|[^\s()]+)|-?"(?:[^"\\]|\\.)*"|[^\s()]+/g) ??
    [];
  return terms.every((raw) => {
    if (raw === 'AND' || raw === '*') return true;
    const negated = raw.startsWith('-');
    const term = negated ? raw.slice(1) : raw;
    const facet = /^([A-Za-z_.@]+):(.*)$/.exec(term);
    let hit: boolean;
    if (facet && !term.startsWith('"')) {
      const key = facet[1]!.replace(/^@/, '');
      const value = facet[2]!.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
      const actual =
        key === 'service'
          ? log.service
          : key === 'status'
            ? log.status
            : key === 'host'
              ? log.host
              : log.tags?.[key];
      hit = value.endsWith('*') ? (actual ?? '').startsWith(value.slice(0, -1)) : actual === value;
    } else {
      const text = term.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
      hit = log.message.toLowerCase().includes(text.toLowerCase());
    }
    return negated ? !hit : hit;
  });
}

function eventMatches(event: FakeDatadogEvent, query: string): boolean {
  const alternatives = query.split(/\s+OR\s+/);
  return alternatives.some((alternative) =>
    alternative
      .split(/\s+/)
      .filter(Boolean)
      .every((term) => {
        const colon = term.indexOf(':');
        if (colon < 0) return event.title.includes(term);
        const key = term.slice(0, colon);
        const value = term.slice(colon + 1);
        return key === 'source' ? event.source === value : event.tags[key] === value;
      }),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const tagList = (tags: Record<string, string> | undefined) =>
  Object.entries(tags ?? {}).map(([key, value]) => (value === '' ? key : `${key}:${value}`));

export async function startFakeDatadog(options: {
  apiKey: string;
  appKey: string;
  metrics?: FakeDatadogMetric[];
  logs?: FakeDatadogLog[];
  events?: FakeDatadogEvent[];
  services?: string[];
  /** Roll-up interval reported with metric series. */
  intervalSeconds?: number;
}): Promise<FakeDatadog> {
  const metrics = options.metrics ?? [];
  const logs = [...(options.logs ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
  const metricQueries: string[] = [];
  const logQueries: string[] = [];
  let throttled = 0;
  let resetSeconds = 0;
  const withheld = new Set<FakeDatadogPermission>();

  const forbid = (res: ServerResponse) => sendJson(res, 403, { errors: ['Forbidden'] });

  const server = await startLocalHttpServer(async (req, res, url) => {
    if (throttled > 0) {
      throttled -= 1;
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '100',
        'x-ratelimit-period': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(resetSeconds),
      });
      res.end(JSON.stringify({ errors: ['Too many requests'] }));
      return;
    }
    if (req.headers['dd-api-key'] !== options.apiKey) return forbid(res);
    if (url.pathname === '/api/v1/validate') return sendJson(res, 200, { valid: true });
    if (req.headers['dd-application-key'] !== options.appKey) return forbid(res);
    const permission = permissionOf(url.pathname);
    if (permission && withheld.has(permission)) {
      return sendJson(res, 403, { errors: ['Failed permission authorization checks'] });
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/metrics') {
      const from = Number(url.searchParams.get('from')) * 1000;
      const names = new Set(
        metrics.filter((m) => m.points.some(([t]) => t >= from)).map((m) => m.metric),
      );
      return sendJson(res, 200, { from: url.searchParams.get('from'), metrics: [...names].sort() });
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/query') {
      const query = url.searchParams.get('query') ?? '';
      metricQueries.push(query);
      const from = Number(url.searchParams.get('from')) * 1000;
      const to = Number(url.searchParams.get('to')) * 1000;
      const parsed = parseDatadogQuery(query);
      if (!parsed || !Number.isFinite(from) || !Number.isFinite(to)) {
        return sendJson(res, 400, { errors: [`Error parsing query: \n unable to parse ${query}`] });
      }
      if (
        parsed.aggregator.startsWith('p') &&
        metrics.some((m) => m.metric === parsed.metric && m.type !== 'distribution')
      ) {
        return sendJson(res, 400, {
          errors: [
            `Percentile aggregations are only available for distribution metrics (${parsed.metric})`,
          ],
        });
      }
      const selected = metrics.filter(
        (m) =>
          m.metric === parsed.metric &&
          parsed.scope.every((term) => (m.tags[term.key] === term.value) !== term.negated),
      );
      const groups = new Map<
        string,
        { tags: Record<string, string>; byTime: Map<number, number[]>; type: string }
      >();
      for (const series of selected) {
        const tags = Object.fromEntries(
          parsed.groupBy.map((tag) => [tag, series.tags[tag] ?? 'N/A']),
        );
        const key = JSON.stringify(tags);
        const group = groups.get(key) ?? { tags, byTime: new Map(), type: series.type };
        for (const [t, v] of series.points) {
          if (t < from || t > to) continue;
          const list = group.byTime.get(t) ?? [];
          list.push(v);
          group.byTime.set(t, list);
        }
        groups.set(key, group);
      }
      // The fake stores points at one interval; a rollup asking for another is not emulated.
      const interval = options.intervalSeconds ?? 60;
      if (parsed.rollupSeconds !== null && parsed.rollupSeconds !== interval) {
        return sendJson(res, 400, { errors: [`The fake serves ${interval} s points only`] });
      }
      const series = [...groups.values()].map((group) => {
        const pointlist = [...group.byTime.entries()]
          .sort(([a], [b]) => a - b)
          .map(([t, values]) => {
            const value = aggregate(parsed.aggregator, values);
            // Counts are shown per second unless `.as_count()` asks for the count itself.
            return [t, group.type === 'count' && !parsed.asCount ? value / interval : value];
          });
        const tagSet = tagList(group.tags);
        return {
          metric: parsed.metric,
          display_name: parsed.metric,
          aggr: parsed.aggregator,
          scope: tagSet.length > 0 ? tagSet.join(',') : '*',
          tag_set: tagSet,
          expression: query,
          interval,
          length: pointlist.length,
          start: pointlist[0]?.[0] ?? from,
          end: pointlist.at(-1)?.[0] ?? to,
          pointlist,
        };
      });
      return sendJson(res, 200, {
        status: 'ok',
        res_type: 'time_series',
        query,
        from_date: from,
        to_date: to,
        group_by: parsed.groupBy,
        series,
      });
    }

    if (req.method === 'POST' && url.pathname === '/api/v2/logs/events/search') {
      const body = JSON.parse((await readBody(req)) || '{}') as {
        filter?: { query?: string; from?: string; to?: string };
        sort?: string;
        page?: { limit?: number; cursor?: string };
      };
      const query = body.filter?.query ?? '*';
      logQueries.push(query);
      const from = Date.parse(body.filter?.from ?? '') || 0;
      const to = Date.parse(body.filter?.to ?? '') || Date.now();
      const hits = logs.filter((log) => {
        const t = log.at.getTime();
        return t >= from && t <= to && logMatches(log, query);
      });
      if (body.sort !== 'timestamp') hits.reverse();
      const limit = Math.min(body.page?.limit ?? 10, 1000);
      const offset = body.page?.cursor
        ? Number(Buffer.from(body.page.cursor, 'base64url').toString())
        : 0;
      const page = hits.slice(offset, offset + limit);
      const next =
        offset + limit < hits.length
          ? Buffer.from(String(offset + limit)).toString('base64url')
          : undefined;
      return sendJson(res, 200, {
        data: page.map((log, index) => ({
          id: `log-${offset + index}`,
          type: 'log',
          attributes: {
            timestamp: log.at.toISOString(),
            message: log.message,
            service: log.service,
            status: log.status,
            host: log.host ?? 'host-1',
            tags: tagList({ service: log.service, ...log.tags }),
            attributes: {},
          },
        })),
        meta: { status: 'done', elapsed: 1, request_id: 'fake', page: next ? { after: next } : {} },
        ...(next
          ? { links: { next: `${url.origin}/api/v2/logs/events?page[cursor]=${next}` } }
          : {}),
      });
    }

    if (req.method === 'GET' && url.pathname === '/api/v2/events') {
      const from = Date.parse(url.searchParams.get('filter[from]') ?? '') || 0;
      const to = Date.parse(url.searchParams.get('filter[to]') ?? '') || Date.now();
      const query = url.searchParams.get('filter[query]') ?? '';
      const limit = Number(url.searchParams.get('page[limit]') ?? '10');
      const found = (options.events ?? [])
        .filter(
          (e) =>
            e.at.getTime() >= from &&
            e.at.getTime() <= to &&
            (query === '' || eventMatches(e, query)),
        )
        .slice(0, limit);
      return sendJson(res, 200, {
        data: found.map((event, index) => ({
          id: `event-${index}`,
          type: 'event',
          attributes: {
            timestamp: event.at.toISOString(),
            message: event.message ?? event.title,
            tags: tagList(event.tags),
            attributes: {
              title: event.title,
              timestamp: event.at.getTime(),
              source_type_name: event.source,
              tags: tagList(event.tags),
            },
          },
        })),
        meta: { page: {} },
      });
    }

    if (req.method === 'GET' && url.pathname === '/api/v2/services/definitions') {
      return sendJson(res, 200, {
        data: (options.services ?? []).map((name) => ({
          type: 'service-definition',
          id: `svc-${name}`,
          attributes: { meta: {}, schema: { 'schema-version': 'v2.2', 'dd-service': name } },
        })),
      });
    }

    return sendJson(res, 404, { errors: ['Not found'] });
  });

  return {
    url: server.url,
    requests: server.requests,
    metricQueries,
    logQueries,
    throttle(count, seconds) {
      throttled = count;
      resetSeconds = seconds;
    },
    withhold(permissions) {
      withheld.clear();
      for (const permission of permissions) withheld.add(permission);
    },
    close: () => server.close(),
  };
}
