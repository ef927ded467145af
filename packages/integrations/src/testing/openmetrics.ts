export interface BackfillSeries {
  /** Metric name; counters get `_total` appended to their samples, as OpenMetrics requires. */
  name: string;
  type?: 'gauge' | 'counter';
  help?: string;
  labels?: Record<string, string>;
  /** [when, value] pairs; sorted by time before writing. */
  samples: Array<[Date, number]>;
}

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * An OpenMetrics text exposition of `series` with explicit timestamps, as
 * `promtool tsdb create-blocks-from openmetrics` reads it: metric families
 * grouped, `# TYPE`/`# HELP` lines, and the mandatory final `# EOF`.
 */
export function openMetricsText(series: BackfillSeries[]): string {
  const families = new Map<string, BackfillSeries[]>();
  for (const item of series) families.set(item.name, [...(families.get(item.name) ?? []), item]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    const first = members[0];
    const type = first?.type ?? 'gauge';
    lines.push(`# HELP ${name} ${first?.help ?? name}`, `# TYPE ${name} ${type}`);
    for (const member of members) {
      const labels = Object.entries(member.labels ?? {})
        .map(([key, value]) => `${key}="${escapeValue(value)}"`)
        .join(',');
      const sampleName = type === 'counter' ? `${name}_total` : name;
      const sorted = [...member.samples].sort((a, b) => a[0].getTime() - b[0].getTime());
      for (const [at, value] of sorted) {
        lines.push(
          `${sampleName}${labels ? `{${labels}}` : ''} ${value} ${(at.getTime() / 1000).toFixed(3)}`,
        );
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
