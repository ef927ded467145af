import {
  apmFamilies,
  apmLatencyFamilies,
  apmSpanNames,
  datadogFamilies,
  datadogFamilyQuery,
  type DatadogClient,
  type DatadogFamily,
  type DatadogSeries,
} from '@vibemonitor/integrations';
import { SeriesGrid, type GridSeries } from '@vibemonitor/simulator/sources';

/** Datadog queries in flight at once for one investigation (Datadog rate-limits queries per organisation). */
const QUERY_CONCURRENCY = 4;

function viewLabels(family: DatadogFamily, tags: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { __name__: family.view, ...family.constLabels };
  for (const [tag, label] of Object.entries(family.tags)) {
    const value = tags[tag];
    // Datadog names a group without the tag `N/A`: the label is absent, as in Prometheus.
    if (value !== undefined && value !== '' && value !== 'N/A') labels[label] = value;
  }
  return labels;
}

/** One family's series on the grid: values scaled, the `minus` metric subtracted, counts and rates accumulated. */
function toGridSeries(
  family: DatadogFamily,
  series: DatadogSeries[],
  minus: DatadogSeries[],
  originMs: number,
  stepMs: number,
  length: number,
): GridSeries[] {
  const minusByGroup = new Map(minus.map((s) => [JSON.stringify(s.tags), s]));
  const place = (points: DatadogSeries['points']) => {
    const values = new Float64Array(length).fill(Number.NaN);
    for (const { timestamp, value } of points) {
      const index = Math.round((timestamp - originMs) / stepMs);
      if (value !== null && index >= 0 && index < length)
        values[index] = value * (family.scale ?? 1);
    }
    return values;
  };
  return series.map((s) => {
    const values = place(s.points);
    const subtract = minusByGroup.get(JSON.stringify(s.tags));
    if (subtract) {
      const other = place(subtract.points);
      for (let i = 0; i < length; i++) {
        if (!Number.isNaN(values[i]!))
          values[i] = Math.max(0, values[i]! - (Number.isNaN(other[i]!) ? 0 : other[i]!));
      }
    }
    if (family.shape !== 'gauge') {
      // A counter: per-interval counts (or per-second rates times the interval) added up.
      const perPoint = family.shape === 'rate' ? stepMs / 1000 : 1;
      let total = 0;
      for (let i = 0; i < length; i++) {
        if (Number.isNaN(values[i]!)) continue;
        total += values[i]! * perPoint;
        values[i] = total;
      }
    }
    return { labels: viewLabels(family, s.tags), values };
  });
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

/**
 * Reads the mapped Datadog metrics over [start, end] into a grid of
 * Prometheus-style series (see datadog-families.ts): the families whose
 * metric had data in the window, APM request spans found among the active
 * metrics, one query each at `stepSeconds` roll-up. Errors propagate: the
 * investigation then names the source as not checked.
 */
export async function loadDatadogGrid(input: {
  client: DatadogClient;
  start: Date;
  end: Date;
  stepSeconds: number;
  signal?: AbortSignal;
}): Promise<SeriesGrid> {
  const signal = input.signal ? { signal: input.signal } : {};
  const active = new Set(await input.client.listActiveMetrics({ from: input.start, ...signal }));
  const families = [
    ...apmSpanNames(active).flatMap(apmFamilies),
    // Latency where the span's duration distribution is kept (percentiles need it).
    ...apmSpanNames(active)
      .filter((span) => active.has(`trace.${span}`))
      .flatMap(apmLatencyFamilies),
    ...datadogFamilies.filter((family) => active.has(family.metric)),
  ];
  const stepMs = input.stepSeconds * 1000;
  const originMs = Math.floor(input.start.getTime() / stepMs) * stepMs;
  const length = Math.floor((input.end.getTime() - originMs) / stepMs) + 1;
  const query = (family: DatadogFamily, metric?: string) =>
    input.client.queryTimeseries({
      query: datadogFamilyQuery(family, input.stepSeconds, metric),
      from: input.start,
      to: input.end,
      ...signal,
    });
  const perFamily = await mapLimit(families, QUERY_CONCURRENCY, async (family) => {
    const [series, minus] = await Promise.all([
      query(family),
      family.minus ? query(family, family.minus) : Promise.resolve([]),
    ]);
    return toGridSeries(family, series, minus, originMs, stepMs, length);
  });
  return new SeriesGrid(perFamily.flat(), originMs, stepMs, input.end.getTime());
}
