import { AppError } from '@vibemonitor/contracts';
import { chooseStep, type LogSource } from '@vibemonitor/integrations';
import type { SimLogLine } from '@vibemonitor/simulator';
import { evaluateLogMetric, parseLogql, type LogExpr } from '@vibemonitor/simulator/sources';

/** Lines sampled to list label values (providers have no cheap "all values of a field" for a window). */
const LABEL_SAMPLE_LINES = 1_000;
const MAX_METRIC_POINTS = 300;

/**
 * Reads the lines of one LogQL log expression in [from, to) from a provider,
 * already filtered by its matchers and line filters, at most about `wanted`
 * (more when filters are applied after the provider answers).
 */
export type ReadLogLines = (
  log: LogExpr,
  from: Date,
  to: Date,
  wanted: number,
  direction: 'forward' | 'backward',
  signal: AbortSignal | undefined,
) => Promise<{ lines: SimLogLine[]; truncated: boolean }>;

/**
 * A LogSource answering LogQL from a provider that can only list lines
 * (Datadog logs search, New Relic's `Log` events): log queries return the
 * lines, count/rate metric queries are evaluated over them (at most
 * `maxLines` per query), label names and values come from a sample.
 */
export function createLineReaderLogSource(input: {
  info: { id: string; name: string };
  read: ReadLogLines;
  maxLines: number;
}): LogSource {
  const { read } = input;
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
    return (await read(log, start, end, LABEL_SAMPLE_LINES, 'backward', options.signal)).lines;
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
      const { lines, truncated } = await read(parsed, start, end, limit, direction, signal);
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
        maxPoints: MAX_METRIC_POINTS,
      }).stepSeconds;
      const { lines } = await read(
        parsed.log,
        new Date(start.getTime() - parsed.rangeMs),
        new Date(end.getTime() + 1),
        input.maxLines,
        'backward',
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
