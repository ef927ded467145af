import { AppError } from '@vibemonitor/contracts';
import {
  chooseStep,
  DEFAULT_MAX_POINTS,
  type MetricSeries,
  type MetricSource,
} from '@vibemonitor/integrations';
import type { LabelMatcher } from '../promql/promql-ast.js';
import { evaluateInstant, evaluateRange, type EvaluatedSeries } from '../promql/promql-evaluator.js';
import { parsePromql } from '../promql/promql-parser.js';
import type { SeriesGrid } from '../promql/series-grid.js';

const DEFAULT_MAX_SERIES = 500;
const DEFAULT_MAX_ITEMS = 1000;

interface Bounds {
  start?: Date | undefined;
  end?: Date | undefined;
}

/** NaN and infinities become null, as the Prometheus client reports them. */
function toMetricSeries(series: EvaluatedSeries[]): MetricSeries[] {
  return series.map((s) => ({
    labels: s.labels,
    points: s.points.map((p) => ({ timestamp: p.t, value: Number.isFinite(p.v) ? p.v : null })),
  }));
}

function capped<T>(items: T[], limit: number): { items: T[]; truncated: boolean } {
  return { items: items.slice(0, limit), truncated: items.length > limit };
}

/** The matchers of a `match[]` series selector (`up`, `{job="orders"}`); anything else is refused. */
function selectorMatchers(selector: string): LabelMatcher[] {
  const { expr } = parsePromql(selector);
  if (expr.type !== 'vector' || expr.offsetMs !== 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `match[] must be a series selector such as {job="orders"}, got: ${selector}`,
    );
  return expr.matchers;
}

/**
 * A MetricSource over the simulator's series, evaluated in process by the
 * PromQL subset (so a fresh machine needs no Prometheus). Answers what a
 * Prometheus holding the same samples would, or VALIDATION_FAILED for
 * syntax it does not implement; nothing after `grid.endMs` ("now") exists.
 */
export function createDemoMetricSource(
  info: { id: string; name: string },
  grid: SeriesGrid,
): MetricSource {
  const matching = (match: string[] | undefined, bounds: Bounds) => {
    const from = bounds.start?.getTime() ?? Number.NEGATIVE_INFINITY;
    const to = bounds.end?.getTime() ?? Number.POSITIVE_INFINITY;
    const candidates =
      match && match.length > 0
        ? [...new Set(match.flatMap((m) => grid.select(selectorMatchers(m))))]
        : grid.series;
    return candidates.filter((s) => grid.hasData(s, Math.max(from, grid.originMs), to));
  };
  return {
    kind: 'metrics',
    id: info.id,
    name: info.name,
    async instant({ query, time, maxSeries = DEFAULT_MAX_SERIES }) {
      const series = toMetricSeries(
        evaluateInstant(grid, query, (time ?? new Date(grid.endMs)).getTime()),
      );
      const { items, truncated } = capped(series, maxSeries);
      return { series: items, truncated };
    },
    async range({
      query,
      start,
      end,
      stepSeconds,
      maxPoints = DEFAULT_MAX_POINTS,
      maxSeries = DEFAULT_MAX_SERIES,
    }) {
      const step = chooseStep({ start, end, requestedSeconds: stepSeconds, maxPoints });
      const series = toMetricSeries(
        evaluateRange(grid, query, start.getTime(), end.getTime(), step.stepSeconds * 1000),
      );
      const { items, truncated } = capped(series, maxSeries);
      return { series: items, truncated, stepSeconds: step.stepSeconds, stepWidened: step.widened };
    },
    async series({ match, limit = DEFAULT_MAX_ITEMS, ...bounds }) {
      if (match.length === 0)
        throw new AppError('VALIDATION_FAILED', 'no match[] parameter provided');
      const { items, truncated } = capped(
        matching(match, bounds).map((s) => ({ ...s.labels })),
        limit,
      );
      return { series: items, truncated };
    },
    async labelNames({ match, ...bounds } = {}) {
      const names = new Set<string>();
      for (const s of matching(match, bounds))
        for (const name of Object.keys(s.labels)) names.add(name);
      const { items, truncated } = capped([...names].sort(), DEFAULT_MAX_ITEMS);
      return { values: items, truncated };
    },
    async labelValues({ label, match, limit = DEFAULT_MAX_ITEMS, ...bounds }) {
      const values = new Set<string>();
      for (const s of matching(match, bounds)) {
        const value = s.labels[label];
        if (value !== undefined && value !== '') values.add(value);
      }
      const { items, truncated } = capped([...values].sort(), limit);
      return { values: items, truncated };
    },
  };
}
