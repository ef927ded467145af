/** Consistency constant: 1.4826 * MAD estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** Finite values only: Prometheus gaps arrive as NaN, missing points as undefined/null. */
export function finiteValues(values: Iterable<number | null | undefined>): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  return out;
}

/** Linear-interpolated quantile (q in [0, 1]) of the finite values; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = finiteValues(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation from the median (unscaled); NaN when there are no finite values. */
export function mad(values: readonly number[]): number {
  const finite = finiteValues(values);
  const m = median(finite);
  return median(finite.map((v) => Math.abs(v - m)));
}

export interface RobustScaleOptions {
  /** Smallest scale, in the data's unit (see signalInfo.absoluteFloor). */
  absoluteFloor?: number;
  /** Smallest scale as a fraction of |median| (default 0.05): a 5% move is never more than one sigma. */
  relativeFloor?: number;
}

/**
 * A robust standard deviation: 1.4826 * MAD, floored so a constant series
 * (MAD = 0) still has a finite, meaningful scale.
 */
export function robustScale(values: readonly number[], options: RobustScaleOptions = {}): number {
  const m = median(values);
  const sigma = MAD_TO_SIGMA * mad(values);
  const floor = Math.max(options.absoluteFloor ?? 1e-9, (options.relativeFloor ?? 0.05) * Math.abs(Number.isNaN(m) ? 0 : m));
  return Number.isNaN(sigma) ? floor : Math.max(sigma, floor);
}

/** Robust z-score of `value` against `reference`, capped at +-`cap` (default 100) so a flat baseline cannot give Infinity. */
export function robustZ(value: number, reference: readonly number[], options: RobustScaleOptions & { cap?: number } = {}): number {
  const m = median(reference);
  if (Number.isNaN(m) || !Number.isFinite(value)) return 0;
  const z = (value - m) / robustScale(reference, options);
  const cap = options.cap ?? 100;
  return Math.max(-cap, Math.min(cap, z));
}
