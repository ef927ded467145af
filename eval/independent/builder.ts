import type { BackfillSeries, FakeLogStream } from '@vibemonitor/integrations/testing';
import { rngFor, type Rng } from './random.js';

/** The span of data one case holds, in Unix seconds, on a fixed scrape grid. */
export interface Timeline {
  start: number;
  end: number;
  /** Scrape interval in seconds. */
  step: number;
  /** When the injected fault begins (controls: when the interesting moment is). */
  faultStart: number;
  /** Also hold the same stretch of time one day earlier. */
  yesterday?: boolean;
}

/** Daily traffic shape: 1 at the daily mean, `amplitude` above it at `peakSecondOfDay` (UTC). */
export interface Diurnal {
  amplitude: number;
  peakSecondOfDay: number;
  /** An extra bump around the peak (e.g. a lunch or evening rush), as a share of the mean. */
  rush?: { size: number; widthSeconds: number };
}

export interface NoiseOptions {
  /** Standard deviation of the per-sample multiplicative jitter (default 0.06). */
  jitter?: number;
  /** Chance that a sample is a short spike (default 0.004). */
  spikeChance?: number;
  /** Spike height as a share of the value (default 0.8: up to 1.8x). */
  spikeSize?: number;
}

export type Labels = Record<string, string>;

const SQRT2 = Math.SQRT2;

/** erf by Abramowitz-Stegun 7.1.26 (error below 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return sign * y;
}

/** Share of a log-normal distribution (median `median`, shape `sigma`) at or below `x`. */
export function logNormalCdf(x: number, median: number, sigma: number): number {
  if (x <= 0) return 0;
  return 0.5 * (1 + erf(Math.log(x / median) / (sigma * SQRT2)));
}

/** 0 before `from`, rising linearly to 1 over `rampSeconds`. */
export function ramp(t: number, from: number, rampSeconds = 0): number {
  if (t < from) return 0;
  if (rampSeconds <= 0) return 1;
  return Math.min(1, (t - from) / rampSeconds);
}

/**
 * Collects one case's series (for promtool backfill) and log streams (for
 * the Loki server). Written independently of the project's simulator: its
 * own noise model (daily trend, Gaussian jitter, rare spikes), counters that
 * reset when a process restarts, log-normal latency histograms.
 */
export class TelemetryBuilder {
  readonly series: BackfillSeries[] = [];
  readonly streams: FakeLogStream[] = [];
  /** Every scrape time from start to end. */
  readonly times: number[];

  constructor(
    readonly seed: number,
    readonly timeline: Timeline,
    readonly diurnal: Diurnal,
  ) {
    const first = Math.ceil(timeline.start / timeline.step) * timeline.step;
    this.times = [];
    // The same stretch of the day before, when asked for (a same-time-yesterday baseline).
    if (timeline.yesterday)
      for (let t = first - 86_400; t <= timeline.end - 86_400; t += timeline.step)
        this.times.push(t);
    for (let t = first; t <= timeline.end; t += timeline.step) this.times.push(t);
  }

  rng(key: string): Rng {
    return rngFor(this.seed, key);
  }

  /** The daily traffic factor at `t` (1 = daily mean). */
  daily(t: number): number {
    const { amplitude, peakSecondOfDay, rush } = this.diurnal;
    const offset = (((t - peakSecondOfDay) % 86_400) + 86_400) % 86_400;
    const signed = offset > 43_200 ? offset - 86_400 : offset;
    const wave = 1 + amplitude * Math.cos((2 * Math.PI * signed) / 86_400);
    const bump = rush ? rush.size * Math.exp(-0.5 * (signed / rush.widthSeconds) ** 2) : 0;
    return wave + bump;
  }

  /** Multiplicative noise around 1, one value per scrape time, for the series named `key`. */
  noise(key: string, options: NoiseOptions = {}): number[] {
    const { jitter = 0.06, spikeChance = 0.004, spikeSize = 0.8 } = options;
    const rng = this.rng(`noise:${key}`);
    return this.times.map(() => {
      const base = Math.max(0.05, 1 + jitter * rng.normal());
      return rng.next() < spikeChance ? base * (1 + spikeSize * (0.5 + rng.next() / 2)) : base;
    });
  }

  private key(name: string, labels: Labels): string {
    return `${name}{${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}}`;
  }

  /** A gauge; `value` returns null where the series has no sample (target gone). */
  gauge(
    name: string,
    labels: Labels,
    value: (t: number) => number | null,
    options: { noise?: NoiseOptions | false; help?: string; integer?: boolean } = {},
  ): void {
    const noise =
      options.noise === false ? null : this.noise(this.key(name, labels), options.noise);
    const samples: Array<[Date, number]> = [];
    this.times.forEach((t, i) => {
      const v = value(t);
      if (v === null) return;
      const n = noise ? v * noise[i]! : v;
      samples.push([new Date(t * 1000), options.integer ? Math.round(n) : n]);
    });
    if (samples.length > 0)
      this.series.push({ name, type: 'gauge', help: options.help ?? name, labels, samples });
  }

  /**
   * A counter: integrates `perSecond` over each scrape interval (with noise),
   * starts again from 0 at each of `resetsAt` (a process restart), and has no
   * sample where `perSecond` is null. Names ending in `_total` are written as
   * OpenMetrics counters; others (histogram `_count`/`_sum`/`_bucket`) as
   * raw cumulative samples.
   */
  counter(
    name: string,
    labels: Labels,
    perSecond: (t: number) => number | null,
    options: {
      noise?: NoiseOptions | false;
      resetsAt?: readonly number[];
      integer?: boolean;
      help?: string;
      initial?: number;
    } = {},
  ): void {
    const noise =
      options.noise === false ? null : this.noise(this.key(name, labels), options.noise);
    const resets = [...(options.resetsAt ?? [])].sort((a, b) => a - b);
    let total = options.initial ?? this.rng(`initial:${this.key(name, labels)}`).next() * 5_000;
    let nextReset = 0;
    const samples: Array<[Date, number]> = [];
    this.times.forEach((t, i) => {
      while (nextReset < resets.length && resets[nextReset]! <= t) {
        total = 0;
        nextReset++;
      }
      const rate = perSecond(t);
      if (rate === null) return;
      total += Math.max(0, rate) * this.timeline.step * (noise ? noise[i]! : 1);
      samples.push([new Date(t * 1000), options.integer === false ? total : Math.floor(total)]);
    });
    if (samples.length === 0) return;
    const isCounter = name.endsWith('_total');
    this.series.push({
      name: isCounter ? name.slice(0, -'_total'.length) : name,
      type: isCounter ? 'counter' : 'gauge',
      help: options.help ?? name,
      labels,
      samples,
    });
  }

  /**
   * A Prometheus histogram `<name>_bucket{le}`, `_sum`, `_count` of a
   * log-normal latency with the given median (in the histogram's unit) and
   * shape, at `perSecond` observations per second.
   */
  histogram(
    name: string,
    labels: Labels,
    perSecond: (t: number) => number | null,
    median: (t: number) => number,
    options: {
      buckets: readonly number[];
      sigma?: number;
      resetsAt?: readonly number[];
      noise?: NoiseOptions;
    },
  ): void {
    const sigma = options.sigma ?? 0.55;
    const noise = this.noise(this.key(name, labels), options.noise);
    const resets = [...(options.resetsAt ?? [])].sort((a, b) => a - b);
    const les = [...options.buckets, Number.POSITIVE_INFINITY];
    const cumulative = les.map(() => 0);
    let sum = 0;
    let nextReset = 0;
    const bucketSamples = les.map(() => [] as Array<[Date, number]>);
    const sumSamples: Array<[Date, number]> = [];
    const countSamples: Array<[Date, number]> = [];
    this.times.forEach((t, i) => {
      while (nextReset < resets.length && resets[nextReset]! <= t) {
        cumulative.fill(0);
        sum = 0;
        nextReset++;
      }
      const rate = perSecond(t);
      if (rate === null) return;
      const observed = Math.max(0, rate) * this.timeline.step * noise[i]!;
      const m = median(t) * (1 + 0.05 * (noise[i]! - 1));
      les.forEach((le, b) => {
        cumulative[b]! +=
          observed * (le === Number.POSITIVE_INFINITY ? 1 : logNormalCdf(le, m, sigma));
        bucketSamples[b]!.push([new Date(t * 1000), Math.floor(cumulative[b]!)]);
      });
      sum += observed * m * Math.exp((sigma * sigma) / 2);
      sumSamples.push([new Date(t * 1000), sum]);
      countSamples.push([new Date(t * 1000), Math.floor(cumulative.at(-1)!)]);
    });
    if (countSamples.length === 0) return;
    les.forEach((le, b) => {
      this.series.push({
        name: `${name}_bucket`,
        type: 'gauge',
        help: `${name} histogram`,
        labels: { ...labels, le: le === Number.POSITIVE_INFINITY ? '+Inf' : String(le) },
        samples: bucketSamples[b]!,
      });
    });
    this.series.push({
      name: `${name}_sum`,
      type: 'gauge',
      help: `${name} histogram`,
      labels,
      samples: sumSamples,
    });
    this.series.push({
      name: `${name}_count`,
      type: 'gauge',
      help: `${name} histogram`,
      labels,
      samples: countSamples,
    });
  }

  /**
   * Log lines for one stream: about `perMinute(t)` lines a minute (Poisson),
   * each written by `line` at its own instant. `line` may return null to skip.
   */
  logs(
    labels: Labels,
    perMinute: (t: number) => number,
    line: (t: number, rng: Rng) => string | null,
  ): void {
    const rng = this.rng(`logs:${this.key('', labels)}:${this.streams.length}`);
    const entries: Array<{ at: Date; line: string }> = [];
    for (const t of this.times) {
      const mean = (Math.max(0, perMinute(t)) * this.timeline.step) / 60;
      const segmentEnd =
        t <= this.timeline.end - 86_400 ? this.timeline.end - 86_400 : this.timeline.end;
      let n = 0;
      // Knuth's Poisson draw for small means, a normal approximation above.
      if (mean < 30) {
        const limit = Math.exp(-mean);
        let p = rng.next();
        while (p > limit) {
          n++;
          p *= rng.next();
        }
      } else {
        n = Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
      }
      for (let k = 0; k < n; k++) {
        const at = t + rng.next() * this.timeline.step;
        if (at > segmentEnd) continue;
        const text = line(at, rng);
        if (text !== null) entries.push({ at: new Date(Math.floor(at * 1000)), line: text });
      }
    }
    this.addLogs(labels, entries);
  }

  /** Lines at given instants (start-up banners, one-off events). */
  logsAt(labels: Labels, entries: Array<{ at: number; line: string }>): void {
    this.addLogs(
      labels,
      entries
        .filter((e) => e.at >= this.timeline.start && e.at <= this.timeline.end)
        .map((e) => ({ at: new Date(Math.floor(e.at * 1000)), line: e.line })),
    );
  }

  private addLogs(labels: Labels, entries: Array<{ at: Date; line: string }>): void {
    if (entries.length === 0) return;
    const key = JSON.stringify(labels);
    const existing = this.streams.find((s) => JSON.stringify(s.labels) === key);
    if (existing) existing.entries.push(...entries);
    else this.streams.push({ labels, entries });
  }

  /** Sorts each stream's lines by time (Loki returns them ordered). */
  finish(): { series: BackfillSeries[]; streams: FakeLogStream[] } {
    for (const stream of this.streams)
      stream.entries.sort((a, b) => a.at.getTime() - b.at.getTime());
    return { series: this.series, streams: this.streams };
  }
}

/** `2026-12-07T13:04:05.123Z` */
export const iso = (t: number): string => new Date(Math.floor(t * 1000)).toISOString();
/** `2026-12-07 13:04:05.123` */
export const spaced = (t: number): string => iso(t).replace('T', ' ').replace('Z', '');
/** `2026-12-07 13:04:05,123` (Python logging, log4j) */
export const comma = (t: number): string => spaced(t).replace('.', ',');
