import {
  nrql,
  type ChangeSource,
  type LogSource,
  type MetricSource,
  type NewrelicClient,
} from '@vibemonitor/integrations';
import type { SimLogLine } from '@vibemonitor/simulator';
import {
  createDemoMetricSource,
  matchesLine,
  matchesStream,
  type LogExpr,
} from '@vibemonitor/simulator/sources';
import { createLineReaderLogSource, type ReadLogLines } from './create-line-reader-log-source.js';
import { loadNewrelicGrid } from './load-newrelic-grid.js';

export const NEWRELIC_LOOKBACK_MS = 4 * 3_600_000;
const MAX_LOG_LINES = 5_000;
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

function createLogSource(info: { id: string; name: string }, client: NewrelicClient): LogSource {
  const read: ReadLogLines = async (log, from, to, wanted, _direction, signal) => {
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
  return createLineReaderLogSource({ info, read, maxLines: MAX_LOG_LINES });
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
