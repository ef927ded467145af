import {
  newrelicFamilies,
  newrelicFamilyNrql,
  type NewrelicClient,
  type NewrelicFamily,
} from '@vibemonitor/integrations';
import { SeriesGrid, type GridSeries } from '@vibemonitor/simulator/sources';

const QUERY_CONCURRENCY = 3;

function toGridSeries(
  family: NewrelicFamily,
  rows: Array<Record<string, unknown>>,
  originMs: number,
  stepMs: number,
  length: number,
): GridSeries[] {
  const byFacet = new Map<string, Float64Array>();
  for (const row of rows) {
    const facet =
      typeof row.facet === 'string'
        ? row.facet
        : Array.isArray(row.facet)
          ? String(row.facet[0])
          : null;
    const begin = Number(row.beginTimeSeconds) * 1000;
    const value = row.value;
    if (!facet || !Number.isFinite(begin) || typeof value !== 'number' || !Number.isFinite(value))
      continue;
    const values = byFacet.get(facet) ?? new Float64Array(length).fill(Number.NaN);
    byFacet.set(facet, values);
    // A bucket's value is read at its end, as a scrape at that moment would see it.
    const index = Math.round((begin + 60_000 - originMs) / stepMs);
    if (index >= 0 && index < length) values[index] = value * (family.scale ?? 1);
  }
  return [...byFacet].map(([facet, values]) => {
    if (family.shape === 'rate') {
      let total = 0;
      for (let i = 0; i < length; i++) {
        if (Number.isNaN(values[i]!)) continue;
        total += values[i]! * (stepMs / 1000);
        values[i] = total;
      }
    }
    const labels: Record<string, string> = { __name__: family.view, ...family.constLabels };
    for (const label of family.labels) labels[label] = facet;
    return { labels, values };
  });
}

/**
 * Reads the mapped New Relic samples over [start, end] into a grid of
 * Prometheus-style series (see newrelic-families.ts): one NRQL TIMESERIES
 * query per family, one-minute buckets. Errors propagate.
 */
export async function loadNewrelicGrid(input: {
  client: NewrelicClient;
  start: Date;
  end: Date;
  signal?: AbortSignal;
}): Promise<SeriesGrid> {
  const stepMs = 60_000;
  const originMs = Math.floor(input.start.getTime() / stepMs) * stepMs;
  const length = Math.floor((input.end.getTime() - originMs) / stepMs) + 1;
  const series: GridSeries[] = [];
  const queue = [...newrelicFamilies];
  await Promise.all(
    Array.from({ length: QUERY_CONCURRENCY }, async () => {
      for (let family = queue.shift(); family; family = queue.shift()) {
        const rows = await input.client.query(
          newrelicFamilyNrql(family, new Date(originMs), input.end),
          input.signal ? { signal: input.signal } : {},
        );
        series.push(...toGridSeries(family, rows, originMs, stepMs, length));
      }
    }),
  );
  // Families finish in any order: sort so the same data always gives the same grid.
  series.sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  return new SeriesGrid(series, originMs, stepMs, input.end.getTime());
}
