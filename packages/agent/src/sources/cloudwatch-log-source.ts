import { AppError } from '@vibemonitor/contracts';
import type { CloudWatchApi, CloudWatchLogGroup, LogLine } from '@vibemonitor/integrations';
import type { LogSource, SourceInfo } from './data-sources.js';
import { matches, type Matcher } from './promql-subset.js';

/*
 * A LogSource over CloudWatch Logs: each log group is a stream whose labels
 * are `log_group` and `service` (the group's last path segment, or the
 * database of an RDS group), and the LogQL the engine writes (a selector
 * and line filters) runs as a Logs Insights query over the selected groups.
 * Values from the query become Insights string or regex literals with their
 * delimiters escaped, and the groups are passed apart from the query text,
 * so a query can never read a group its selector did not choose.
 */

/** Logs Insights takes at most 50 log groups per query. */
const MAX_GROUPS_PER_QUERY = 50;

interface LogQuery {
  matchers: Matcher[];
  filters: Array<{ op: '|=' | '!=' | '|~' | '!~'; value: string }>;
}

const SELECTOR = /^\s*\{([^}]*)\}/;
const MATCHER = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")\s*,?/y;
const FILTER = /\s*(\|=|!=|\|~|!~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/y;

function unsupported(query: string, what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `CloudWatch Logs answers LogQL selectors with line filters ({service="api"} |= "error" |~ "time(out)?"): ${what} in ${query}`,
  );
}

export function parseLogQuery(query: string): LogQuery {
  const selector = SELECTOR.exec(query);
  if (!selector) throw unsupported(query, 'no {selector}');
  const matchers: Matcher[] = [];
  const body = selector[1]!;
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < body.length && /\S/.test(body.slice(MATCHER.lastIndex))) {
    const m = MATCHER.exec(body);
    if (!m) throw unsupported(query, 'a malformed label matcher');
    matchers.push({ label: m[1]!, op: m[2] as Matcher['op'], value: JSON.parse(m[3]!) as string });
  }
  const filters: LogQuery['filters'] = [];
  const rest = query.slice(selector[0].length);
  FILTER.lastIndex = 0;
  while (FILTER.lastIndex < rest.length && /\S/.test(rest.slice(FILTER.lastIndex))) {
    const f = FILTER.exec(rest);
    if (!f) throw unsupported(query, `"${rest.slice(FILTER.lastIndex).trim().slice(0, 30)}"`);
    const raw = f[2]!;
    const value = raw.startsWith('`') ? raw.slice(1, -1) : (JSON.parse(raw) as string);
    filters.push({ op: f[1] as LogQuery['filters'][number]['op'], value });
  }
  return { matchers, filters };
}

/** The Insights commands for line filters, with every value quoted so it stays a literal. */
export function insightsFilters(filters: LogQuery['filters']): string[] {
  return filters.map(({ op, value }) => {
    const negate = op.startsWith('!') ? 'not ' : '';
    if (op === '|=' || op === '!=') {
      const literal = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      return `filter @message ${negate}like "${literal}"`;
    }
    // A regex literal ends at an unescaped slash: escape the slashes the pattern holds.
    const pattern = value.replace(/\\?\//g, '\\/');
    return `filter @message ${negate}like /${pattern}/`;
  });
}

/** The service a log group belongs to: `/ecs/checkout` is checkout, `/aws/rds/instance/orders-db/error` is orders-db. */
export function serviceOfLogGroup(name: string): string {
  const rds = /^\/aws\/rds\/(?:instance|cluster)\/([^/]+)\//.exec(name);
  if (rds) return rds[1]!;
  const parts = name.split('/').filter(Boolean);
  return parts.at(-1) ?? name;
}

function labelsOf(group: CloudWatchLogGroup): Record<string, string> {
  return { log_group: group.name, service: serviceOfLogGroup(group.name) };
}

/** Insights prints `@timestamp` as `2026-12-07 10:00:00.000` in UTC. */
function parseInsightsTime(text: string | undefined): number {
  if (!text) return 0;
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? 0 : ms;
}

const METRIC =
  /^\s*(?:(?:sum|count)\s*(?:by\s*\([^)]*\)\s*)?\(\s*)?(count_over_time|rate)\s*\(\s*(\{.*)\[\s*(\d+)([smh])\s*\]\s*\)\s*\)?\s*$/s;

export function logSourceFromCloudWatch(info: SourceInfo, client: CloudWatchApi): LogSource {
  let groups: Promise<CloudWatchLogGroup[]> | null = null;
  const listGroups = (signal?: AbortSignal) => {
    groups ??= client.listLogGroups(signal ? { signal } : {}).then((r) => r.groups);
    groups.catch(() => {
      groups = null;
    });
    return groups;
  };
  const chooseGroups = async (query: LogQuery, signal?: AbortSignal) => {
    const all = await listGroups(signal);
    return all.filter((g) => {
      const labels = labelsOf(g);
      return query.matchers.every((m) => matches(m, labels[m.label]));
    });
  };

  return {
    kind: 'logs',
    id: info.id,
    name: info.name,
    async lines({ query, start, end, limit, direction = 'backward', signal }) {
      const parsed = parseLogQuery(query);
      const chosen = await chooseGroups(parsed, signal);
      if (chosen.length === 0) return { lines: [], truncated: false };
      const text = [
        'fields @timestamp, @message, @logStream, @log',
        ...insightsFilters(parsed.filters),
        `sort @timestamp ${direction === 'forward' ? 'asc' : 'desc'}`,
        `limit ${Math.max(1, Math.min(10_000, limit))}`,
      ].join(' | ');
      const result = await client.insightsQuery({
        logGroups: chosen.slice(0, MAX_GROUPS_PER_QUERY).map((g) => g.name),
        query: text,
        start,
        end,
        limit,
        ...(signal ? { signal } : {}),
      });
      const byName = new Map(chosen.map((g) => [g.name, g]));
      const lines = result.rows.map((row): LogLine => {
        const timestamp = parseInsightsTime(row['@timestamp']);
        // `@log` is `<account>:<group>`.
        const groupName = (row['@log'] ?? '').replace(/^\d+:/, '');
        const group = byName.get(groupName) ?? chosen[0]!;
        return {
          timestamp,
          timestampNs: `${BigInt(timestamp) * 1_000_000n}`,
          labels: {
            ...labelsOf(group),
            ...(row['@logStream'] ? { log_stream: row['@logStream'] } : {}),
          },
          line: row['@message'] ?? '',
        };
      });
      return {
        lines,
        truncated: result.rows.length >= limit || chosen.length > MAX_GROUPS_PER_QUERY,
      };
    },
    async metric({ query, start, end, stepSeconds, signal }) {
      const m = METRIC.exec(query);
      if (!m)
        throw unsupported(
          query,
          'a metric query other than count_over_time/rate (optionally inside sum)',
        );
      const windowSeconds = Number(m[3]) * { s: 1, m: 60, h: 3600 }[m[4] as 's' | 'm' | 'h'];
      const step = Math.max(60, Math.ceil((stepSeconds ?? windowSeconds) / 60) * 60);
      const parsed = parseLogQuery(m[2]!.trim());
      const chosen = await chooseGroups(parsed, signal);
      if (chosen.length === 0) return { series: [], stepSeconds: step };
      const result = await client.insightsQuery({
        logGroups: chosen.slice(0, MAX_GROUPS_PER_QUERY).map((g) => g.name),
        query: [
          ...insightsFilters(parsed.filters),
          `stats count(*) as count by bin(${step / 60}m)`,
        ].join(' | '),
        start,
        end,
        ...(signal ? { signal } : {}),
      });
      const perSecond = m[1] === 'rate';
      const points = result.rows
        .map((row) => {
          const binField = Object.keys(row).find((k) => k.startsWith('bin('));
          const count = Number(row['count'] ?? 0);
          return {
            timestamp: parseInsightsTime(binField ? row[binField] : undefined),
            value: perSecond ? count / step : count,
          };
        })
        .sort((a, b) => a.timestamp - b.timestamp);
      return { series: [{ labels: {}, points }], stepSeconds: step };
    },
    async labelNames({ signal } = {}) {
      await listGroups(signal);
      return { values: ['log_group', 'service'], truncated: false };
    },
    async labelValues({ label, signal }) {
      const all = await listGroups(signal);
      const values = [
        ...new Set(all.map((g) => labelsOf(g)[label]).filter((v): v is string => Boolean(v))),
      ].sort();
      return { values, truncated: false };
    },
  };
}
