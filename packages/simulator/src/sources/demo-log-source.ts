import { AppError } from '@vibemonitor/contracts';
import { chooseStep, type LogSource, type MetricSeries } from '@vibemonitor/integrations';
import { labelKey } from '../promql/promql-evaluator.js';
import {
  matchesLine,
  matchesStream,
  parseLogql,
  type LogExpr,
  type LogMetricExpr,
} from '../logql/logql-parser.js';
import type { SimLogLine } from '../logs.js';
import type { Simulator } from '../simulator.js';

/** Renders a selector back to LogQL for the simulator, which generates only the streams it names. */
function renderSelector(log: LogExpr): string {
  return `{${log.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}

const MAX_METRIC_POINTS = 300;

/**
 * A LogSource over the simulator's log lines: log queries (selector and line
 * filters, Loki's [start, end) window, newest first unless forward) and
 * count/rate/bytes metric queries, evaluated in process. Nothing after
 * `nowMs` exists.
 */
export function createDemoLogSource(
  info: { id: string; name: string },
  simulation: Pick<Simulator, 'logLines'>,
  streams: ReadonlyArray<Readonly<Record<string, string>>>,
  nowMs: number,
): LogSource {
  const read = (log: LogExpr, fromMs: number, toMs: number): SimLogLine[] => {
    const end = Math.min(toMs, nowMs + 1);
    if (end <= fromMs) return [];
    return simulation
      .logLines(
        { start: Math.floor(fromMs / 1000), end: Math.ceil(end / 1000) },
        renderSelector(log),
      )
      .filter(
        (l) =>
          l.timestamp >= fromMs &&
          l.timestamp < end &&
          matchesStream(log.matchers, l.labels) &&
          matchesLine(log.filters, l.line),
      );
  };
  const streamNames = (query: string | undefined) => {
    if (!query) return streams;
    const parsed = parseLogql(query);
    const log = parsed.kind === 'log' ? parsed : parsed.log;
    return streams.filter((labels) => matchesStream(log.matchers, labels));
  };
  return {
    kind: 'logs',
    id: info.id,
    name: info.name,
    async lines({ query, start, end, limit, direction = 'backward' }) {
      const parsed = parseLogql(query);
      if (parsed.kind !== 'log')
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL metric query (it returns numbers, not lines): use a log query such as {service_name="orders"} |= "error".',
        );
      const hits = read(parsed, start.getTime(), end.getTime());
      hits.sort((a, b) =>
        direction === 'forward' ? a.timestamp - b.timestamp : b.timestamp - a.timestamp,
      );
      const lines = hits.slice(0, limit).map((l) => ({
        timestamp: l.timestamp,
        timestampNs: `${l.timestamp}000000`,
        labels: { ...l.labels },
        line: l.line,
      }));
      return { lines, truncated: hits.length > limit };
    },
    async metric({ query, start, end, stepSeconds }) {
      const parsed = parseLogql(query);
      if (parsed.kind !== 'metric')
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL log query (it returns lines): wrap it in count_over_time(...[1m]) or rate(...[1m]) for numbers.',
        );
      const step = chooseStep({
        start,
        end,
        requestedSeconds: stepSeconds,
        maxPoints: MAX_METRIC_POINTS,
      }).stepSeconds;
      return {
        series: evaluateLogMetric(
          parsed,
          read(parsed.log, start.getTime() - parsed.rangeMs, end.getTime() + 1),
          start.getTime(),
          end.getTime(),
          step * 1000,
        ),
        stepSeconds: step,
      };
    },
    async labelNames({ query } = {}) {
      const names = new Set<string>();
      for (const labels of streamNames(query))
        for (const name of Object.keys(labels)) names.add(name);
      return { values: [...names].sort(), truncated: false };
    },
    async labelValues({ label, query }) {
      const values = new Set<string>();
      for (const labels of streamNames(query)) if (labels[label]) values.add(labels[label]);
      return { values: [...values].sort(), truncated: false };
    },
  };
}

function aggregateValues(
  op: LogMetricExpr['aggregations'][number]['op'],
  values: number[],
): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'count':
      return values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/** Loki's range aggregation: per step t, the lines in (t - range, t] of each stream, then the aggregations. */
export function evaluateLogMetric(
  expr: LogMetricExpr,
  lines: SimLogLine[],
  startMs: number,
  endMs: number,
  stepMs: number,
): MetricSeries[] {
  const byStream = new Map<
    string,
    { labels: Readonly<Record<string, string>>; lines: SimLogLine[] }
  >();
  for (const line of lines) {
    const key = labelKey(line.labels);
    const entry = byStream.get(key) ?? { labels: line.labels, lines: [] };
    entry.lines.push(line);
    byStream.set(key, entry);
  }
  const out = new Map<string, MetricSeries>();
  for (let t = startMs; t <= endMs; t += stepMs) {
    let samples: Array<{ labels: Record<string, string>; value: number }> = [];
    for (const { labels, lines: streamLines } of byStream.values()) {
      const inWindow = streamLines.filter(
        (l) => l.timestamp > t - expr.rangeMs && l.timestamp <= t,
      );
      if (inWindow.length === 0) continue;
      const bytes = () => inWindow.reduce((sum, l) => sum + Buffer.byteLength(l.line), 0);
      const seconds = expr.rangeMs / 1000;
      const value =
        expr.fn === 'count_over_time'
          ? inWindow.length
          : expr.fn === 'rate'
            ? inWindow.length / seconds
            : expr.fn === 'bytes_over_time'
              ? bytes()
              : bytes() / seconds;
      samples.push({ labels: { ...labels }, value });
    }
    for (const { op, grouping } of expr.aggregations) {
      const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
      for (const sample of samples) {
        const labels =
          grouping === null
            ? {}
            : Object.fromEntries(
                Object.entries(sample.labels).filter(
                  ([name]) => grouping.labels.includes(name) !== grouping.without,
                ),
              );
        const key = labelKey(labels);
        const group = groups.get(key) ?? { labels, values: [] };
        group.values.push(sample.value);
        groups.set(key, group);
      }
      samples = [...groups.values()].map((g) => ({
        labels: g.labels,
        value: aggregateValues(op, g.values),
      }));
    }
    for (const sample of samples) {
      const key = labelKey(sample.labels);
      const series = out.get(key) ?? { labels: sample.labels, points: [] };
      series.points.push({ timestamp: t, value: sample.value });
      out.set(key, series);
    }
  }
  return [...out.values()];
}
