import type { Direction } from './signals.js';

export type SeriesPoint = readonly [timestampSeconds: number, value: number];

export interface CusumOptions {
  /** Reference level (the baseline median). */
  reference: number;
  /** Robust standard deviation of the baseline. */
  scale: number;
  direction: Direction;
  /** Allowance per point, in sigmas (default 0.5): drift smaller than this never accumulates. */
  allowance?: number;
  /** Decision threshold, in sigmas (default 8: about one false alarm per several thousand points of normal noise per side). */
  threshold?: number;
  /** Prefer the alarm overlapping this window (seconds, [start, end)); default: the strongest anywhere. */
  window?: { start: number; end: number };
  /**
   * Sigmas a single point must deviate for the onset to be placed on it
   * (default 2). The run of positive sum can begin long before the change
   * when the series sits slightly above its reference; the onset is moved to
   * the run's first clearly deviating point.
   */
  pointThreshold?: number;
}

export interface Onset {
  /** First point of the run that raised the alarm: our estimate of when the change began. */
  timestamp: number;
  /** When the cumulative sum crossed the threshold (the change was certain by then). */
  detectedAt: number;
  /** Peak cumulative sum, in sigmas. */
  strength: number;
}

/**
 * Page's CUSUM change detection, one- or two-sided. The onset estimate is
 * the first clearly deviating point of the run of positive cumulative sum
 * that crossed the threshold, which for a ramp (a leak) is near where the
 * ramp began rather than where it got bad. Non-finite points are skipped.
 */
export function cusumOnset(points: readonly SeriesPoint[], options: CusumOptions): Onset | null {
  const k = options.allowance ?? 0.5;
  const h = options.threshold ?? 8;
  const scale = options.scale > 0 ? options.scale : 1;
  const pointThreshold = options.pointThreshold ?? 2;
  const sides: Array<1 | -1> = options.direction === 'up' ? [1] : options.direction === 'down' ? [-1] : [1, -1];
  let best: Onset | null = null;
  let bestOverlaps = false;
  for (const sign of sides) {
    let sum = 0;
    let runStart: number | null = null;
    let firstDeviating: number | null = null;
    let detectedAt: number | null = null;
    let peak = 0;
    const close = (runEnd: number): void => {
      if (runStart === null || detectedAt === null) return;
      const onset: Onset = { timestamp: firstDeviating ?? runStart, detectedAt, strength: peak };
      const overlaps = options.window === undefined || (runStart < options.window.end && runEnd >= options.window.start);
      if (best === null || (overlaps && !bestOverlaps) || (overlaps === bestOverlaps && onset.strength > best.strength)) {
        best = onset;
        bestOverlaps = overlaps;
      }
    };
    let last = Number.NEGATIVE_INFINITY;
    for (const [t, v] of points) {
      if (!Number.isFinite(v)) continue;
      last = t;
      sum = Math.max(0, sum + (sign * (v - options.reference)) / scale - k);
      if (sum > 0) {
        runStart ??= t;
        if (detectedAt === null && firstDeviating === null && (sign * (v - options.reference)) / scale >= pointThreshold) firstDeviating = t;
        peak = Math.max(peak, sum);
        if (sum >= h) detectedAt ??= t;
      } else {
        close(t);
        runStart = null;
        firstDeviating = null;
        detectedAt = null;
        peak = 0;
      }
    }
    close(last);
  }
  return best;
}

/**
 * The single split that best explains the series as two constant levels
 * (least squares, the first step of binary segmentation). Returns the index
 * of the first point of the second segment, or -1 with fewer than 4 points.
 */
export function meanShiftIndex(values: readonly number[]): number {
  const n = values.length;
  if (n < 4) return -1;
  let total = 0;
  for (const v of values) total += v;
  let left = 0;
  let bestIndex = -1;
  let bestGain = 0;
  for (let i = 1; i < n; i++) {
    left += values[i - 1]!;
    const meanLeft = left / i;
    const meanRight = (total - left) / (n - i);
    const gain = ((i * (n - i)) / n) * (meanLeft - meanRight) ** 2;
    if (gain > bestGain) {
      bestGain = gain;
      bestIndex = i;
    }
  }
  return bestIndex;
}

/** `meanShiftIndex` on the finite points of a series, as a timestamp (null when undefined). */
export function meanShiftTimestamp(points: readonly SeriesPoint[]): number | null {
  const finite = points.filter(([, v]) => Number.isFinite(v));
  const index = meanShiftIndex(finite.map(([, v]) => v));
  return index < 0 ? null : finite[index]![0];
}
