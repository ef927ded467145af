import { GRID_STEP_SECONDS, type RawSeries } from './series.js';

export interface SimRange {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, inclusive. */
  end: number;
  /** Seconds between samples; rounded up to the simulator's 30 s grid (default 60). */
  step?: number;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** Grid indexes of the samples in `range`, ascending. */
export function gridIndexes(range: SimRange, origin: number, steps: number): number[] {
  const stride = Math.max(1, Math.ceil((range.step ?? 60) / GRID_STEP_SECONDS));
  const first = Math.max(0, Math.ceil((range.start - origin) / GRID_STEP_SECONDS));
  const last = Math.min(steps - 1, Math.floor((range.end - origin) / GRID_STEP_SECONDS));
  const out: number[] = [];
  for (let i = first; i <= last; i += stride) out.push(i);
  return out;
}

const BUCKET_ORDER = (name: string) => (name.endsWith('_bucket') ? 0 : name.endsWith('_count') ? 1 : 2);

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 * families never interleave, each has HELP and TYPE (counters and histograms
 * named without their suffix), samples carry timestamps in seconds and are
 * ascending per series; histogram buckets, _count and _sum of one label set
 * are written together for each timestamp; absent points (NaN) are left out.
 * Ends with `# EOF`.
 */
export function toOpenMetrics(series: readonly RawSeries[], origin: number, steps: number, range: SimRange): string {
  const indexes = gridIndexes(range, origin, steps);
  const families = new Map<string, RawSeries[]>();
  for (const s of series) {
    const list = families.get(s.family);
    if (list === undefined) families.set(s.family, [s]);
    else list.push(s);
  }
  const out: string[] = [];
  for (const family of [...families.keys()].sort()) {
    const members = families.get(family)!;
    const first = members[0]!;
    out.push(`# HELP ${family} ${first.help}`);
    out.push(`# TYPE ${family} ${first.type}`);
    // Group by label set without `le`, so a histogram's parts stay together.
    const groups = new Map<string, RawSeries[]>();
    for (const s of members) {
      const key = formatLabels(Object.fromEntries(Object.entries(s.labels).filter(([name]) => name !== 'le')));
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [s]);
      else group.push(s);
    }
    for (const key of [...groups.keys()].sort()) {
      const group = groups.get(key)!.sort((a, b) => BUCKET_ORDER(a.name) - BUCKET_ORDER(b.name) || parseLe(a.labels.le) - parseLe(b.labels.le));
      const rendered = group.map((s) => `${s.name}${formatLabels(s.labels)} `);
      for (const index of indexes) {
        const timestamp = origin + index * GRID_STEP_SECONDS;
        for (let g = 0; g < group.length; g++) {
          const value = group[g]!.values[index]!;
          if (Number.isNaN(value)) continue;
          out.push(`${rendered[g]}${formatValue(value)} ${timestamp}`);
        }
      }
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function parseLe(le: string | undefined): number {
  if (le === undefined) return 0;
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}
