import type { LogLine, MetricSeries } from '@vibemonitor/integrations';
import type { LogSource, MetricSource } from '../sources/data-sources.js';

/*
 * Small in-memory sources for graph tests, where what matters is the flow
 * (events, budgets, citations) rather than query semantics; checks are tested
 * against a real Prometheus and the fake Loki instead.
 */

export interface InMemoryLogStream {
  labels: Record<string, string>;
  lines: Array<{ at: Date; line: string }>;
}

/** A LogSource over fixed streams: a selector `{name="value"}` picks streams, `|= "text"` filters lines. */
export function inMemoryLogSource(
  streams: InMemoryLogStream[],
  options: { delayMs?: number; name?: string } = {},
): LogSource & { queries: string[] } {
  const queries: string[] = [];
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (!options.delayMs) return resolve();
      const timer = setTimeout(resolve, options.delayMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  const matching = (query: string) => {
    const matchers = [...query.matchAll(/(\w+)="([^"]*)"/g)].filter(
      (m) => !query.slice(0, m.index).includes('|'),
    );
    const contains = [...query.matchAll(/\|= "([^"]*)"/g)].map((m) => m[1]!);
    const regexes = [...query.matchAll(/\|~ "((?:[^"\\]|\\.)*)"/g)].map((m) => {
      const source = m[1]!.replace(/\\(.)/g, '$1');
      return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
    });
    return streams
      .filter((s) => matchers.every((m) => s.labels[m[1]!] === m[2]))
      .flatMap((s) =>
        s.lines
          .filter(
            (l) =>
              contains.every((c) => l.line.includes(c)) && regexes.every((r) => r.test(l.line)),
          )
          .map((l) => ({ ...l, labels: s.labels })),
      );
  };
  return {
    kind: 'logs',
    id: 'logs-1',
    name: options.name ?? 'Loki',
    queries,
    async lines({ query, start, end, limit, signal }) {
      queries.push(query);
      await wait(signal);
      const hits = matching(query)
        .filter((l) => l.at >= start && l.at < end)
        .sort((a, b) => b.at.getTime() - a.at.getTime());
      const lines: LogLine[] = hits.slice(0, limit).map((l) => ({
        timestamp: l.at.getTime(),
        timestampNs: `${l.at.getTime()}000000`,
        labels: l.labels,
        line: l.line,
      }));
      return { lines, truncated: hits.length > limit };
    },
    async metric() {
      return { series: [], stepSeconds: 60 };
    },
    async labelNames() {
      return {
        values: [...new Set(streams.flatMap((s) => Object.keys(s.labels)))].sort(),
        truncated: false,
      };
    },
    async labelValues({ label }) {
      return {
        values: [
          ...new Set(
            streams.map((s) => s.labels[label]).filter((v): v is string => v !== undefined),
          ),
        ].sort(),
        truncated: false,
      };
    },
  };
}

/** A MetricSource that answers every query with the same series (enough to exercise tools and caps). */
export function inMemoryMetricSource(
  series: MetricSeries[],
  options: { name?: string } = {},
): MetricSource & { queries: string[] } {
  const queries: string[] = [];
  return {
    kind: 'metrics',
    id: 'metrics-1',
    name: options.name ?? 'Prometheus',
    queries,
    async instant({ query }) {
      queries.push(query);
      return {
        series: series.map((s) => ({ labels: s.labels, points: s.points.slice(-1) })),
        truncated: false,
      };
    },
    async range({ query }) {
      queries.push(query);
      return { series, truncated: false, stepSeconds: 60, stepWidened: false };
    },
    async series() {
      return { series: series.map((s) => s.labels), truncated: false };
    },
    async labelNames() {
      return {
        values: [...new Set(series.flatMap((s) => Object.keys(s.labels)))].sort(),
        truncated: false,
      };
    },
    async labelValues({ label }) {
      return {
        values: [
          ...new Set(
            series.map((s) => s.labels[label]).filter((v): v is string => v !== undefined),
          ),
        ].sort(),
        truncated: false,
      };
    },
  };
}
