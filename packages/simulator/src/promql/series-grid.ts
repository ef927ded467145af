import type { LabelMatcher } from './promql-ast.js';
import { matcherRegex, matchesValue } from './promql-parser.js';

/** One stored series: labels (with `__name__`) and one value per grid step; NaN where it has no sample. */
export interface GridSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly values: ArrayLike<number>;
}

export interface Point {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

/**
 * Series sampled on one regular grid, as the demo's simulator produces them.
 * `endMs` is "now": samples after it are not served, like a TSDB that has
 * not scraped them yet.
 */
export class SeriesGrid {
  private readonly byName = new Map<string, GridSeries[]>();

  constructor(
    readonly series: readonly GridSeries[],
    /** Time of values[0], epoch milliseconds. */
    readonly originMs: number,
    readonly stepMs: number,
    readonly endMs: number,
  ) {
    for (const s of series) {
      const name = s.labels.__name__ ?? '';
      const list = this.byName.get(name);
      if (list) list.push(s);
      else this.byName.set(name, [s]);
    }
  }

  /** Series matching every matcher (regexes fully anchored; a missing label reads as ""). */
  select(matchers: readonly LabelMatcher[]): GridSeries[] {
    const compiled = matchers.map((m) => ({
      m,
      regex: m.op === '=~' || m.op === '!~' ? matcherRegex(m.value) : undefined,
    }));
    const byName = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const candidates = byName ? (this.byName.get(byName.value) ?? []) : this.series;
    return candidates.filter((s) =>
      compiled.every(({ m, regex }) => matchesValue(m, s.labels[m.name] ?? '', regex)),
    );
  }

  /** Samples with `fromMs <= t <= toMs` (both inclusive, as Prometheus 2.x selects ranges), oldest first. */
  points(series: GridSeries, fromMs: number, toMs: number): Point[] {
    const last = Math.min(
      series.values.length - 1,
      Math.floor((Math.min(toMs, this.endMs) - this.originMs) / this.stepMs),
    );
    const first = Math.max(0, Math.ceil((fromMs - this.originMs) / this.stepMs));
    const out: Point[] = [];
    for (let i = first; i <= last; i++) {
      const v = series.values[i]!;
      if (!Number.isNaN(v)) out.push({ t: this.originMs + i * this.stepMs, v });
    }
    return out;
  }

  /** The newest sample with `fromMs <= t <= toMs`, or null. */
  latest(series: GridSeries, fromMs: number, toMs: number): Point | null {
    const first = Math.max(0, Math.ceil((fromMs - this.originMs) / this.stepMs));
    for (
      let i = Math.min(
        series.values.length - 1,
        Math.floor((Math.min(toMs, this.endMs) - this.originMs) / this.stepMs),
      );
      i >= first;
      i--
    ) {
      const v = series.values[i]!;
      if (!Number.isNaN(v)) return { t: this.originMs + i * this.stepMs, v };
    }
    return null;
  }

  /** True when the series has a sample in [fromMs, toMs]. */
  hasData(series: GridSeries, fromMs: number, toMs: number): boolean {
    return this.latest(series, fromMs, toMs) !== null;
  }
}
