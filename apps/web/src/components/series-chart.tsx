import { useId } from 'react';

export interface ChartSeries {
  labels: Record<string, string>;
  points: Array<[number, number | null]>;
  incident: { start: number; end: number };
}

const WIDTH = 520;
const HEIGHT = 150;
const PAD = { left: 56, right: 12, top: 10, bottom: 24 };

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 10) return value.toFixed(0);
  if (abs >= 0.01) return value.toFixed(2);
  return value.toExponential(1);
}

/**
 * A small time-series chart of one evidence series, with the incident window
 * shaded. Plain SVG: no chart library, readable by screen readers through
 * its title and description.
 */
export function SeriesChart({ series, title }: { series: ChartSeries; title: string }) {
  const id = useId();
  const finite = series.points.filter(
    (p): p is [number, number] => p[1] !== null && Number.isFinite(p[1]),
  );
  if (finite.length < 2) return null;
  const t0 = series.points[0]![0];
  const t1 = series.points[series.points.length - 1]![0];
  let lo = Math.min(...finite.map((p) => p[1]));
  let hi = Math.max(...finite.map((p) => p[1]));
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || 1;
  }
  const x = (t: number) =>
    PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (HEIGHT - PAD.top - PAD.bottom);
  // Gaps (no sample) break the line instead of being drawn as zero.
  let path = '';
  let pen = false;
  for (const [t, v] of series.points) {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  }
  const shadeStart = Math.max(t0, series.incident.start);
  const shadeEnd = Math.min(t1, series.incident.end);
  const inWindow = finite.filter(([t]) => t >= series.incident.start && t <= series.incident.end);
  const before = finite.filter(([t]) => t < series.incident.start);
  const mean = (pts: Array<[number, number]>) =>
    pts.reduce((s, p) => s + p[1], 0) / Math.max(1, pts.length);
  const description =
    `From ${clock(t0)} to ${clock(t1)}, values between ${formatValue(lo)} and ${formatValue(hi)}. ` +
    `Incident window ${clock(series.incident.start)} to ${clock(series.incident.end)} shaded` +
    (before.length > 0 && inWindow.length > 0
      ? `: average ${formatValue(mean(before))} before, ${formatValue(mean(inWindow))} during.`
      : '.');
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        data-testid="evidence-chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {shadeEnd > shadeStart ? (
          <rect
            className="incident"
            x={x(shadeStart)}
            y={PAD.top}
            width={Math.max(1, x(shadeEnd) - x(shadeStart))}
            height={HEIGHT - PAD.top - PAD.bottom}
          />
        ) : null}
        <line
          className="axis"
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
        />
        <line className="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} />
        <text className="tick" x={PAD.left - 4} y={PAD.top + 8} textAnchor="end">
          {formatValue(hi)}
        </text>
        <text className="tick" x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end">
          {formatValue(lo)}
        </text>
        <text className="tick" x={PAD.left} y={HEIGHT - 6}>
          {clock(t0)}
        </text>
        <text className="tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          {clock(t1)}
        </text>
        {shadeEnd > shadeStart ? (
          <text className="tick incident-label" x={x(shadeStart) + 4} y={PAD.top + 10}>
            incident
          </text>
        ) : null}
        <path className="line" d={path} />
      </svg>
      <figcaption className="muted">{description}</figcaption>
    </figure>
  );
}
