import { AppError } from '@vibemonitor/contracts';
import {
  chooseStep,
  nrql,
  type ChangeSource,
  type LogSource,
  type MetricSource,
  type NewrelicClient,
} from '@vibemonitor/integrations';
import type { SimLogLine } from '@vibemonitor/simulator';
import {
  createDemoMetricSource,
  evaluateLogMetric,
  matchesLine,
  matchesStream,
  parseLogql,
  type LogExpr,
} from '@vibemonitor/simulator/sources';
import { loadNewrelicGrid } from './load-newrelic-grid.js';

export const NEWRELIC_LOOKBACK_MS = 4 * 3_600_000;
const MAX_LOG_LINES = 5_000;
const LABEL_SAMPLE_LINES = 1_000;
const LABELS = ['service', 'level'] as const;

export interface NewrelicSources {
  metrics: MetricSource;
  logs: LogSource;
  changes: ChangeSource;
}

/** NRQL for Log lines: `=` matchers on service/level become escaped conditions; the rest is filtered here. */
export function newrelicLogNrql(log: LogExpr, since: Date, until: Date, limit: number): string {
  const conditions = log.matchers
    .filter((m) => m.op === '=' && (LABELS as readonly string[]).includes(m.name))
    .map((m) => (m.name === 'service' ? nrql`service = ${m.value}` : nrql`level = ${m.value}`));
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return (
    nrql`SELECT timestamp, message, service, level FROM Log` +
    where +
    nrql` SINCE ${since} UNTIL ${until} LIMIT ${Math.min(Math.max(1, Math.trunc(limit)), MAX_LOG_LINES)}`
  );
}

function createLogSource(
  info: { id: string; name: string },
  client: NewrelicClient,
): LogSource {
  const read = async (log: LogExpr, from: Date, to: Date, wanted: number, signal?: AbortSignal) => {
    const filteredHere =
      log.filters.length > 0 ||
      log.matchers.some((m) => m.op !== '=' || !(LABELS as readonly string[]).includes(m.name));
    const limit = filteredHere ? MAX_LOG_LINES : wanted;
    const rows = await client.query(
      newrelicLogNrql(log, from, to, limit),
      signal ? { signal } : {},
    );
    const lines: SimLogLine[] = rows
      .map((row) => {
        const labels: Record<string, string> = {};
        if (typeof row.service === 'string' && row.service) labels.service = row.service;
        if (typeof row.level === 'string' && row.level) labels.level = row.level;
        return { timestamp: Number(row.timestamp), line: String(row.message ?? ''), labels };
      })
      .filter(
        (l) =>
          l.timestamp >= from.getTime() &&
          l.timestamp < to.getTime() &&
          matchesStream(log.matchers, l.labels) &&
          matchesLine(log.filters, l.line),
      );
    return { lines, truncated: rows.length >= limit };
  };
  const sample = async (options: {
    start?: Date | undefined;
    end?: Date | undefined;
    query?: string | undefined;
    signal?: AbortSignal;
  }) => {
    const end = options.end ?? new Date();
    const start = options.start ?? new Date(end.getTime() - 3_600_000);
    const parsed = options.query ? parseLogql(options.query) : null;
    const log: LogExpr = parsed
      ? parsed.kind === 'log'
        ? parsed
        : parsed.log
      : { kind: 'log', matchers: [], filters: [] };
    return (await read(log, start, end, LABEL_SAMPLE_LINES, options.signal)).lines;
  };
  return {
    kind: 'logs',
    id: info.id,
    name: info.name,
    async lines({ query, start, end, limit, direction = 'backward', signal }) {
      const parsed = parseLogql(query);
      if (parsed.kind !== 'log') {
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL metric query (it returns numbers, not lines): use a log query such as {service="orders"} |= "error".',
        );
      }
      const { lines, truncated } = await read(parsed, start, end, limit, signal);
      lines.sort((a, b) =>
        direction === 'forward' ? a.timestamp - b.timestamp : b.timestamp - a.timestamp,
      );
      return {
        lines: lines.slice(0, limit).map((l) => ({
          timestamp: l.timestamp,
          timestampNs: `${l.timestamp}000000`,
          labels: { ...l.labels },
          line: l.line,
        })),
        truncated: truncated || lines.length > limit,
      };
    },
    async metric({ query, start, end, stepSeconds, signal }) {
      const parsed = parseLogql(query);
      if (parsed.kind !== 'metric') {
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL log query (it returns lines): wrap it in count_over_time(...[1m]) or rate(...[1m]) for numbers.',
        );
      }
      const step = chooseStep({
        start,
        end,
        requestedSeconds: stepSeconds,
        maxPoints: 300,
      }).stepSeconds;
      const { lines } = await read(
        parsed.log,
        new Date(start.getTime() - parsed.rangeMs),
        new Date(end.getTime() + 1),
        MAX_LOG_LINES,
        signal,
      );
      return {
        series: evaluateLogMetric(parsed, lines, start.getTime(), end.getTime(), step * 1000),
        stepSeconds: step,
      };
    },
    async labelNames(options = {}) {
      const names = new Set<string>();
      for (const line of await sample(options))
        for (const name of Object.keys(line.labels)) names.add(name);
      return { values: [...names].sort(), truncated: false };
    },
    async labelValues({ label, ...options }) {
      const values = new Set<string>();
      for (const line of await sample(options))
        if (line.labels[label]) values.add(line.labels[label]);
      return { values: [...values].sort(), truncated: false };
    },
  };
}

/** The investigation sources of one New Relic account: infrastructure samples, logs and deployments, as of `now`. */
export function createNewrelicSources(input: {
  integration: { id: string; name: string };
  client: NewrelicClient;
  now: Date;
}): NewrelicSources {
  const { id, name } = input.integration;
  const { client } = input;
  let loaded: Promise<MetricSource> | undefined;
  const info = { id: `${id}:metrics`, name: `${name} (New Relic metrics)` };
  const metrics = (signal?: AbortSignal) => {
    loaded ??= loadNewrelicGrid({
      client,
      start: new Date(input.now.getTime() - NEWRELIC_LOOKBACK_MS),
      end: input.now,
      ...(signal ? { signal } : {}),
    }).then((grid) => createDemoMetricSource(info, grid));
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
  return {
    metrics: {
      kind: 'metrics',
      ...info,
      instant: async (options) => (await metrics(options.signal)).instant(options),
      range: async (options) => (await metrics(options.signal)).range(options),
      series: async (options) => (await metrics(options.signal)).series(options),
      labelNames: async (options = {}) => (await metrics(options.signal)).labelNames(options),
      labelValues: async (options) => (await metrics(options.signal)).labelValues(options),
    },
    logs: createLogSource({ id: `${id}:logs`, name: `${name} (New Relic logs)` }, client),
    changes: {
      kind: 'changes',
      id: `${id}:changes`,
      name: `${name} (New Relic deployments)`,
      async list({ start, end, signal }) {
        const rows = await client.query(
          nrql`SELECT timestamp, appName, revision, description FROM Deployment SINCE ${start} UNTIL ${end} LIMIT 500`,
          signal ? { signal } : {},
        );
        return rows.map((row) => ({
          at: new Date(Number(row.timestamp)),
          service: typeof row.appName === 'string' ? row.appName : null,
          kind: 'deploy' as const,
          title:
            typeof row.description === 'string' && row.description
              ? row.description
              : `Deployed ${String(row.appName ?? '')} ${String(row.revision ?? '')}`.trim(),
          ...(typeof row.revision === 'string' && row.revision ? { version: row.revision } : {}),
        }));
      },
    },
  };
}
