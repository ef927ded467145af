export interface Sample {
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** null for NaN and infinities (JSON and charts have no use for them). */
  value: number | null;
}

export interface MetricSeries {
  labels: Record<string, string>;
  points: Sample[];
}

export interface MetricQueryResult {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  series: MetricSeries[];
  /** More series matched than were returned (`maxSeries`). */
  truncated: boolean;
  warnings: string[];
}

export interface RangeQueryResult extends MetricQueryResult {
  stepSeconds: number;
  /** The requested step was widened to keep the point count bounded. */
  stepWidened: boolean;
}

export interface BuildInfo {
  version: string | null;
}
