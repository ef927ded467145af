import { cusumOnset, meanShiftTimestamp, type SeriesPoint } from './change-point.js';
import { finiteValues, median, quantile, robustScale } from './robust.js';
import { badness, signalInfo, type Direction, type SignalKind } from './signals.js';

/** The note of a signal that had data in the baseline and none in the incident. */
export const STOPPED_REPORTING = 'stopped reporting';

export interface MetricCandidate {
  service: string;
  signal: SignalKind;
  /** [epoch seconds, value], as Prometheus returns them; NaN for gaps. */
  points: readonly SeriesPoint[];
  /** Where the series came from (a PromQL query), carried through as evidence. */
  query?: string;
}

export interface TimeWindowSeconds {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, exclusive. */
  end: number;
}

export interface MetricChange {
  service: string;
  signal: SignalKind;
  direction: Direction;
  query?: string;
  baselineMedian: number;
  incidentMedian: number;
  /** Robust sigma of the baseline (floored, see robustScale). */
  scale: number;
  /** Signed robust z of the incident median against the baseline (positive = higher). */
  z: number;
  /** How abnormal, in the bad direction only (>= 0), in robust sigmas. */
  abnormality: number;
  /**
   * exp(-lag / precedenceSeconds), lag being how long after the earliest
   * abnormal onset this one began: what moved first is the better lead. 1 when
   * not abnormal or without an onset.
   */
  precedence: number;
  /** abnormality x signal weight x precedence: what the ranking sorts by. */
  score: number;
  /** abnormality >= the threshold. */
  abnormal: boolean;
  /** Estimated start of the change (epoch seconds), or null when none was found. */
  onset: number | null;
  /** (incident - baseline) / |baseline|, or null when the baseline median is 0. */
  relativeChange: number | null;
  samples: { baseline: number; incident: number };
  /** Why a candidate could not be judged ("insufficient data", STOPPED_REPORTING), if so. */
  note?: string;
}

export interface RankOptions {
  /** Score needed to call a change abnormal (default 3). */
  threshold?: number;
  /** Baseline points needed to judge a series (default 3). */
  minBaselinePoints?: number;
  /** Time constant of the precedence factor, in seconds (default 300; Infinity disables it). */
  precedenceSeconds?: number;
}

// Only a guard: the scale floors already keep z finite; this keeps absurd inputs readable.
const Z_CAP = 1000;

function clampZ(z: number): number {
  return Math.max(-Z_CAP, Math.min(Z_CAP, z));
}

/**
 * Compares each candidate's incident window with its baseline (by default the
 * same length just before) using robust statistics and returns them ranked,
 * most abnormal first.
 *
 * Abnormality is the robust z of the incident median in the signal's bad
 * direction, or half the z of the incident's bad-side 90th percentile when
 * that is larger: the median catches sustained shifts, the percentile
 * catches bursts that fill only part of the window, halved so one outlier
 * cannot dominate. The ranking score weights it by signal (causes over
 * symptoms, see signalInfo) and by precedence (changes that began well after
 * the first abnormal onset are more likely effects than causes). Weights and
 * the precedence time constant are heuristics, checked against the
 * simulator's scenarios. The onset comes from a CUSUM against the baseline, with a
 * least-squares mean-shift split as the fallback for abnormal series.
 */
export function rankMetricChanges(input: {
  candidates: readonly MetricCandidate[];
  incident: TimeWindowSeconds;
  baseline?: TimeWindowSeconds;
  options?: RankOptions;
}): MetricChange[] {
  const threshold = input.options?.threshold ?? 3;
  const minBaseline = input.options?.minBaselinePoints ?? 3;
  const { incident } = input;
  const baseline = input.baseline ?? {
    start: incident.start - (incident.end - incident.start),
    end: incident.start,
  };

  const changes = input.candidates.map((candidate): MetricChange => {
    const info = signalInfo[candidate.signal];
    const inWindow = (w: TimeWindowSeconds) =>
      finiteValues(candidate.points.filter(([t]) => t >= w.start && t < w.end).map(([, v]) => v));
    const base = inWindow(baseline);
    const inc = inWindow(incident);
    const common = {
      service: candidate.service,
      signal: candidate.signal,
      direction: info.direction,
      ...(candidate.query === undefined ? {} : { query: candidate.query }),
      samples: { baseline: base.length, incident: inc.length },
    };
    if (base.length < minBaseline || inc.length === 0) {
      return {
        ...common,
        baselineMedian: median(base),
        incidentMedian: median(inc),
        scale: Number.NaN,
        z: 0,
        abnormality: 0,
        precedence: 1,
        score: 0,
        abnormal: false,
        onset: null,
        relativeChange: null,
        // Data before the incident and none in it: the series stopped (its pod or exporter went away).
        note: inc.length === 0 && base.length > 0 ? STOPPED_REPORTING : 'insufficient data',
      };
    }
    const baselineMedian = median(base);
    const incidentMedian = median(inc);
    const scale = robustScale(base, {
      absoluteFloor: info.absoluteFloor,
      relativeFloor: info.relativeFloor,
    });
    const z = clampZ((incidentMedian - baselineMedian) / scale);
    const badSide =
      info.direction === 'down'
        ? quantile(inc, 0.1)
        : info.direction === 'up'
          ? quantile(inc, 0.9)
          : Number.NaN;
    const peakScore =
      info.direction === 'both'
        ? Math.max(
            badness(clampZ((quantile(inc, 0.9) - baselineMedian) / scale), 'up'),
            badness(clampZ((quantile(inc, 0.1) - baselineMedian) / scale), 'down'),
          )
        : badness(clampZ((badSide - baselineMedian) / scale), info.direction);
    // Sparse events (restarts, OOM kills): any in the incident where the baseline had none is news.
    const firstEvent =
      info.sparse && Math.max(...base) <= 0
        ? candidate.points.find(([t, v]) => t >= incident.start && t < incident.end && v > 0)
        : undefined;
    const sparseScore = firstEvent ? threshold + 2 + Math.log2(1 + Math.max(...inc)) : 0;
    const abnormality = Math.max(0, badness(z, info.direction), 0.5 * peakScore, sparseScore);
    const abnormal = abnormality >= threshold;
    const series = candidate.points.filter(([t]) => t >= baseline.start && t < incident.end);
    const cusum = cusumOnset(series, {
      reference: baselineMedian,
      scale,
      direction: info.direction,
      window: incident,
    });
    const onset =
      firstEvent?.[0] ?? cusum?.timestamp ?? (abnormal ? meanShiftTimestamp(series) : null);
    return {
      ...common,
      baselineMedian,
      incidentMedian,
      scale,
      z,
      abnormality,
      precedence: 1,
      score: abnormality * info.weight,
      abnormal,
      onset: abnormal ? onset : null,
      relativeChange:
        baselineMedian === 0 ? null : (incidentMedian - baselineMedian) / Math.abs(baselineMedian),
    };
  });
  const tau = input.options?.precedenceSeconds ?? 300;
  const onsets = changes.filter((c) => c.abnormal && c.onset !== null).map((c) => c.onset!);
  if (onsets.length > 0 && Number.isFinite(tau)) {
    const earliest = Math.min(...onsets);
    for (const c of changes) {
      if (!c.abnormal || c.onset === null) continue;
      c.precedence = Math.exp(-(c.onset - earliest) / tau);
      c.score *= c.precedence;
    }
  }
  return changes.sort(
    (a, b) =>
      b.score - a.score || a.service.localeCompare(b.service) || a.signal.localeCompare(b.signal),
  );
}

export interface OnsetOrder {
  service: string;
  signal: SignalKind;
  onset: number;
  /** Seconds after the earliest onset in the list. */
  lag: number;
  score: number;
}

/**
 * Abnormal changes ordered by onset: what moved first is a better root-cause
 * candidate than what followed. Ties go to the stronger change.
 */
export function orderOnsets(changes: readonly MetricChange[]): OnsetOrder[] {
  const timed = changes.filter(
    (c): c is MetricChange & { onset: number } => c.abnormal && c.onset !== null,
  );
  timed.sort((a, b) => a.onset - b.onset || b.score - a.score);
  const first = timed[0]?.onset ?? 0;
  return timed.map((c) => ({
    service: c.service,
    signal: c.signal,
    onset: c.onset,
    lag: c.onset - first,
    score: c.score,
  }));
}
