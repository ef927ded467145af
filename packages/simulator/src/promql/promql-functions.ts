export type ValueType = 'scalar' | 'vector' | 'matrix';

export interface FunctionSignature {
  args: ValueType[];
  /** How many trailing arguments may be left out. */
  optional?: number;
  returns: 'scalar' | 'vector';
}

const rangeArg = (): FunctionSignature => ({ args: ['matrix'], returns: 'vector' });
const elementwise = (): FunctionSignature => ({ args: ['vector'], returns: 'vector' });

/** The functions the demo evaluator implements, with Prometheus's argument types. */
export const functionSignatures: Record<string, FunctionSignature> = {
  rate: rangeArg(),
  irate: rangeArg(),
  increase: rangeArg(),
  delta: rangeArg(),
  idelta: rangeArg(),
  changes: rangeArg(),
  resets: rangeArg(),
  avg_over_time: rangeArg(),
  min_over_time: rangeArg(),
  max_over_time: rangeArg(),
  sum_over_time: rangeArg(),
  count_over_time: rangeArg(),
  last_over_time: rangeArg(),
  present_over_time: rangeArg(),
  stddev_over_time: rangeArg(),
  quantile_over_time: { args: ['scalar', 'matrix'], returns: 'vector' },
  absent_over_time: rangeArg(),
  histogram_quantile: { args: ['scalar', 'vector'], returns: 'vector' },
  abs: elementwise(),
  ceil: elementwise(),
  floor: elementwise(),
  exp: elementwise(),
  ln: elementwise(),
  log2: elementwise(),
  log10: elementwise(),
  sqrt: elementwise(),
  sgn: elementwise(),
  round: { args: ['vector', 'scalar'], optional: 1, returns: 'vector' },
  clamp: { args: ['vector', 'scalar', 'scalar'], returns: 'vector' },
  clamp_min: { args: ['vector', 'scalar'], returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], returns: 'vector' },
  absent: elementwise(),
  sort: elementwise(),
  sort_desc: elementwise(),
  scalar: { args: ['vector'], returns: 'scalar' },
  vector: { args: ['scalar'], returns: 'vector' },
  time: { args: [], returns: 'scalar' },
};

/** Real PromQL functions the demo does not implement: refused by name rather than "unknown function". */
export const unsupportedFunctions = new Set([
  'label_replace',
  'label_join',
  'predict_linear',
  'deriv',
  'holt_winters',
  'double_exponential_smoothing',
  'timestamp',
  'day_of_week',
  'day_of_month',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
  'stdvar_over_time',
  'mad_over_time',
  'histogram_count',
  'histogram_sum',
  'histogram_avg',
  'histogram_fraction',
  'histogram_stddev',
  'histogram_stdvar',
  'sort_by_label',
  'sort_by_label_desc',
  'info',
  'atan2',
]);

export const SUPPORTED_SUMMARY =
  'selectors with =, !=, =~, !~ and offset; rate/irate/increase/delta/changes/resets and *_over_time on range vectors; sum/avg/min/max/count/stddev/stdvar/topk/bottomk/quantile/group with by/without; histogram_quantile; + - * / % ^, comparisons (with bool), and/or/unless with on/ignoring; abs, ceil, floor, round, sqrt, exp, ln, log2, log10, clamp*, absent, scalar, vector, time, sort';

type Point = { t: number; v: number };

/**
 * Prometheus' extrapolated rate (2.x engine): the increase between the first
 * and last sample in the range, corrected for counter resets, extrapolated
 * towards the range boundaries when the samples come close to them (at most
 * half an average interval beyond them otherwise), never below zero for
 * counters; per second for `rate`.
 */
export function extrapolatedRate(
  points: readonly Point[],
  rangeStart: number,
  rangeEnd: number,
  isCounter: boolean,
  isRate: boolean,
): number | null {
  if (points.length < 2) return null;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let result = last.v - first.v;
  if (isCounter) {
    let previous = first.v;
    for (const point of points.slice(1)) {
      if (point.v < previous) result += previous;
      previous = point.v;
    }
  }
  let durationToStart = (first.t - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageInterval = sampledInterval / (points.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageInterval * 1.1;
  let interval = sampledInterval;
  interval += durationToStart < threshold ? durationToStart : averageInterval / 2;
  interval += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
  let factor = interval / sampledInterval;
  if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
  return result * factor;
}

/** `irate` / `idelta`: from the last two samples. */
export function instantRate(points: readonly Point[], isRate: boolean): number | null {
  if (points.length < 2) return null;
  const last = points[points.length - 1]!;
  const previous = points[points.length - 2]!;
  const value = isRate && last.v < previous.v ? last.v : last.v - previous.v;
  if (!isRate) return value;
  const seconds = (last.t - previous.t) / 1000;
  return seconds === 0 ? null : value / seconds;
}

/** Prometheus' `quantile` over plain values (linear interpolation between closest ranks). */
export function quantile(q: number, values: readonly number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/**
 * Prometheus' `bucketQuantile` for classic histograms: buckets sorted by
 * upper bound, equal bounds merged, counts forced monotonic, linear
 * interpolation inside the bucket holding the rank; NaN without a +Inf
 * bucket or observations.
 */
export function bucketQuantile(
  q: number,
  input: ReadonlyArray<{ upperBound: number; count: number }>,
): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  const buckets: Array<{ upperBound: number; count: number }> = [];
  for (const bucket of sorted) {
    const previous = buckets[buckets.length - 1];
    if (previous && previous.upperBound === bucket.upperBound) previous.count += bucket.count;
    else buckets.push({ ...bucket });
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const bucket of buckets) {
    if (bucket.count > max) max = bucket.count;
    else if (bucket.count < max) bucket.count = max;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0 || Number.isNaN(observations)) return Number.NaN;
  let rank = q * observations;
  let b = buckets.slice(0, -1).findIndex((bucket) => bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let start = 0;
  const end = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}

/** The over-time aggregations of a range's sample values. */
export function overTime(fn: string, values: readonly number[], param = Number.NaN): number | null {
  if (values.length === 0) return null;
  switch (fn) {
    case 'avg_over_time': {
      let mean = 0;
      values.forEach((v, i) => (mean += (v - mean) / (i + 1)));
      return mean;
    }
    case 'min_over_time':
      return values.reduce((a, b) => (Number.isNaN(a) || b < a ? b : a));
    case 'max_over_time':
      return values.reduce((a, b) => (Number.isNaN(a) || b > a ? b : a));
    case 'sum_over_time':
      return values.reduce((a, b) => a + b, 0);
    case 'count_over_time':
      return values.length;
    case 'last_over_time':
      return values[values.length - 1]!;
    case 'present_over_time':
      return 1;
    case 'stddev_over_time': {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    }
    case 'quantile_over_time':
      return quantile(param, values);
    case 'changes':
      return values
        .slice(1)
        .filter((v, i) => v !== values[i] && !(Number.isNaN(v) && Number.isNaN(values[i]!))).length;
    case 'resets':
      return values.slice(1).filter((v, i) => v < values[i]!).length;
    default:
      return null;
  }
}

/** Element-wise math functions. */
export function mathFunction(fn: string, value: number, args: readonly number[]): number {
  switch (fn) {
    case 'abs':
      return Math.abs(value);
    case 'ceil':
      return Math.ceil(value);
    case 'floor':
      return Math.floor(value);
    case 'exp':
      return Math.exp(value);
    case 'ln':
      return Math.log(value);
    case 'log2':
      return Math.log2(value);
    case 'log10':
      return Math.log10(value);
    case 'sqrt':
      return Math.sqrt(value);
    case 'sgn':
      return Math.sign(value);
    case 'round': {
      const toNearest = args[0] ?? 1;
      // Prometheus rounds half up: floor(v / to + 0.5) * to.
      return Math.floor(value / toNearest + 0.5) * toNearest;
    }
    case 'clamp':
      return args[1]! < args[0]! ? Number.NaN : Math.max(args[0]!, Math.min(args[1]!, value));
    case 'clamp_min':
      return Math.max(args[0]!, value);
    case 'clamp_max':
      return Math.min(args[0]!, value);
    default:
      return Number.NaN;
  }
}
