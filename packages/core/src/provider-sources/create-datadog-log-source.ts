import { AppError } from '@vibemonitor/contracts';
import {
  chooseStep,
  DATADOG_MAX_LOG_LINES,
  type DatadogClient,
  type DatadogLogLine,
  type LogSource,
} from '@vibemonitor/integrations';
import type { SimLogLine } from '@vibemonitor/simulator';
import {
  evaluateLogMetric,
  matchesLine,
  matchesStream,
  parseLogql,
  type LabelMatcher,
  type LogExpr,
} from '@vibemonitor/simulator/sources';

/** Lines sampled to list label values (Datadog has no cheap "all values of a facet" for a window). */
const LABEL_SAMPLE_LINES = 1_000;
const MAX_METRIC_POINTS = 300;
/** Datadog reserved attributes offered as stream labels. */
const LABELS = ['host', 'service', 'status'] as const;

/** A value quoted for Datadog's search syntax: nothing in it can end the term or add an operator. */
export function datadogQuoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The Datadog search for a LogQL stream selector: its `=` matchers on
 * service, status and host become facet terms; everything else (regex and
 * negative matchers, line filters) is applied here to what comes back,
 * exactly as Loki would apply it.
 */
export function datadogSearchFor(matchers: readonly LabelMatcher[]): string {
  const terms = matchers
    .filter((m) => m.op === '=' && (LABELS as readonly string[]).includes(m.name))
    .map((m) => `${m.name}:${datadogQuoted(m.value)}`);
  return terms.length > 0 ? terms.join(' ') : '*';
}

function labelsOf(line: DatadogLogLine): Record<string, string> {
  const labels: Record<string, string> = {};
  if (line.service) labels.service = line.service;
  if (line.status) labels.status = line.status;
  if (line.host) labels.host = line.host;
  return labels;
}

/**
 * A LogSource over Datadog logs search: streams are labelled by service,
 * status and host; LogQL log queries and count/rate metric queries are
 * answered from the matching lines (at most DATADOG_MAX_LOG_LINES per query,
 * reported as truncated beyond), newest first unless forward.
 */
export function createDatadogLogSource(input: {
  info: { id: string; name: string };
  client: DatadogClient;
}): LogSource {
  const { client } = input;
  const read = async (
    log: LogExpr,
    from: Date,
    to: Date,
    wanted: number,
    sort: 'timestamp' | '-timestamp',
    signal: AbortSignal | undefined,
  ): Promise<{ lines: SimLogLine[]; truncated: boolean }> => {
    // Filters applied here need more lines from Datadog than the caller asked for.
    const filteredHere =
      log.filters.length > 0 ||
      log.matchers.some((m) => m.op !== '=' || !(LABELS as readonly string[]).includes(m.name));
    const result = await client.searchLogs({
      query: datadogSearchFor(log.matchers),
      from,
      to,
      limit: filteredHere ? DATADOG_MAX_LOG_LINES : wanted,
      sort,
      ...(signal ? { signal } : {}),
    });
    const lines = result.lines
      .map((line) => ({ timestamp: line.timestamp, line: line.message, labels: labelsOf(line) }))
      .filter(
        (line) =>
          line.timestamp >= from.getTime() &&
          line.timestamp < to.getTime() &&
          matchesStream(log.matchers, line.labels) &&
          matchesLine(log.filters, line.line),
      );
    return { lines, truncated: result.truncated };
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
    return (await read(log, start, end, LABEL_SAMPLE_LINES, '-timestamp', options.signal)).lines;
  };
  return {
    kind: 'logs',
    id: input.info.id,
    name: input.info.name,
    async lines({ query, start, end, limit, direction = 'backward', signal }) {
      const parsed = parseLogql(query);
      if (parsed.kind !== 'log') {
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL metric query (it returns numbers, not lines): use a log query such as {service="orders"} |= "error".',
        );
      }
      const { lines, truncated } = await read(
        parsed,
        start,
        end,
        limit,
        direction === 'forward' ? 'timestamp' : '-timestamp',
        signal,
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
        maxPoints: MAX_METRIC_POINTS,
      }).stepSeconds;
      const { lines } = await read(
        parsed.log,
        new Date(start.getTime() - parsed.rangeMs),
        new Date(end.getTime() + 1),
        DATADOG_MAX_LOG_LINES,
        '-timestamp',
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
      for (const line of await sample(options)) {
        const value = line.labels[label];
        if (value) values.add(value);
      }
      return { values: [...values].sort(), truncated: false };
    },
  };
}
