import type { LogLine, MetricSeries } from '@vibemonitor/integrations';

/*
 * Tool results as the model reads them: compact text with hard caps, because
 * oversized output is what makes agents slow, expensive and confused. Every
 * cut says what was left out and how to ask for less.
 */

const LINE_MAX_CHARS = 300;

export function isoMinute(ms: number): string {
  return new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
}

function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

/** Log lines, oldest first, one per row with their time; long lines cut. */
export function formatLogLines(
  lines: readonly LogLine[],
  truncated: boolean,
  limit: number,
): string {
  if (lines.length === 0) return 'No log lines matched.';
  const rows = [...lines]
    .sort((a, b) => a.timestamp - b.timestamp)
    .map(
      (line) =>
        `${isoSecond(line.timestamp)} ${line.line.length > LINE_MAX_CHARS ? `${line.line.slice(0, LINE_MAX_CHARS)}…` : line.line}`,
    );
  const more = truncated
    ? `\n(${lines.length} lines shown, the newest up to the limit of ${limit}; more matched. Narrow the query with a line filter such as |= "timeout", a more specific selector, or a shorter time range.)`
    : '';
  return `${rows.join('\n')}${more}`;
}

function round(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (magnitude >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export interface SeriesStats {
  min: number;
  max: number;
  first: number;
  last: number;
  mean: number;
  count: number;
}

export function seriesStats(series: MetricSeries): SeriesStats | null {
  const values = series.points
    .map((p) => p.value)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    first: values[0]!,
    last: values.at(-1)!,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    count: values.length,
  };
}

function statsLine(series: MetricSeries): string {
  const stats = seriesStats(series);
  if (!stats) return `${labelText(series.labels)}: no numeric values`;
  return `${labelText(series.labels)}: min ${round(stats.min)}, max ${round(stats.max)}, mean ${round(stats.mean)}, first ${round(stats.first)}, last ${round(stats.last)} (${stats.count} points)`;
}

/**
 * Metric series: per series a stats line and, for ranges, the values at
 * about `samplesPerSeries` evenly spaced times (the full 100 points would be
 * noise to a model; the stats carry the extremes).
 */
export function formatSeries(
  series: readonly MetricSeries[],
  options: {
    maxSeries: number;
    truncated: boolean;
    stepSeconds?: number;
    stepWidened?: boolean;
    samplesPerSeries?: number;
  },
): string {
  if (series.length === 0)
    return 'The query returned no series (check the metric name and label matchers, e.g. with find_series).';
  const shown = series.slice(0, options.maxSeries);
  const samples = options.samplesPerSeries ?? 12;
  const blocks = shown.map((item) => {
    const head = statsLine(item);
    if (item.points.length <= 1) return head;
    const stride = Math.max(1, Math.ceil(item.points.length / samples));
    const picked = item.points.filter(
      (_, index) => index % stride === 0 || index === item.points.length - 1,
    );
    return `${head}\n  ${picked.map((p) => `${isoMinute(p.timestamp)}=${p.value === null ? 'NaN' : round(p.value)}`).join(' ')}`;
  });
  const notes: string[] = [];
  if (options.stepSeconds !== undefined)
    notes.push(
      `step ${options.stepSeconds}s${options.stepWidened ? ' (widened to keep about 100 points per series)' : ''}`,
    );
  if (series.length > shown.length || options.truncated) {
    notes.push(
      `${shown.length} of ${options.truncated ? 'more than ' : ''}${series.length} series shown: aggregate (sum by (service) (...)) or add label matchers to see fewer`,
    );
  }
  return `${blocks.join('\n')}${notes.length > 0 ? `\n(${notes.join('; ')})` : ''}`;
}

/**
 * The final cap on any tool result: text over `maxChars` is replaced by its
 * beginning plus a note saying how much was cut and how to narrow.
 */
export function capText(
  text: string,
  maxChars: number,
  howToNarrow: string,
): { text: string; capped: boolean } {
  if (text.length <= maxChars) return { text, capped: false };
  const head = text.slice(0, Math.max(0, maxChars - 300));
  const cut = head.lastIndexOf('\n') > maxChars / 2 ? head.slice(0, head.lastIndexOf('\n')) : head;
  return {
    text: `${cut}\n[Result too large: ${text.length} characters, only the first ${cut.length} shown. ${howToNarrow}]`,
    capped: true,
  };
}
