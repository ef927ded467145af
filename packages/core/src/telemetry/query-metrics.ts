import { AppError } from '@vibemonitor/contracts';
import type { MetricSeries } from '@vibemonitor/integrations';
import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { openTelemetry } from './open-telemetry.js';
import type { DatasourceRef } from './resolve-datasource.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

export const PROMQL_MAX_LENGTH = 5_000;

export interface MetricsQueryInput {
  datasource?: DatasourceRef | undefined;
  query: string;
  /** Instant query at this time (default now). Not with start/end. */
  time?: Date | undefined;
  /** Range query when start or end is given (end defaults to now, start to an hour before end). */
  start?: Date | undefined;
  end?: Date | undefined;
  /** Requested step; widened when it would give more than 300 points per series. */
  stepSeconds?: number | undefined;
}

export interface MetricsQueryResult {
  datasource: DatasourceSummary;
  query: string;
  kind: 'instant' | 'range';
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  series: MetricSeries[];
  time: Date | null;
  start: Date | null;
  end: Date | null;
  stepSeconds: number | null;
  stepWidened: boolean;
  truncated: boolean;
  warnings: string[];
}

/**
 * Runs PromQL, instant (at `time`, default now) or over a range (when
 * `start`/`end` are given) with the step widened to keep at most 300 points
 * per series. Syntax errors come back as VALIDATION_FAILED with Prometheus's
 * message.
 */
export async function queryMetrics(
  request: TelemetryRequest<MetricsQueryInput>,
): Promise<MetricsQueryResult> {
  const { input, now = new Date() } = request;
  const query = input.query.trim();
  if (!query) throw new AppError('VALIDATION_FAILED', 'Enter a PromQL query.');
  if (query.length > PROMQL_MAX_LENGTH)
    throw new AppError(
      'VALIDATION_FAILED',
      `PromQL queries are at most ${PROMQL_MAX_LENGTH} characters.`,
    );
  const isRange = input.start !== undefined || input.end !== undefined;
  if (isRange && input.time)
    throw new AppError(
      'VALIDATION_FAILED',
      'Give either `time` (instant query) or `start`/`end` (range query), not both.',
    );
  const { datasource, client: prometheus, options } = await openTelemetry(request, 'prometheus');
  if (isRange) {
    const range = resolveTimeRange(input, now);
    const result = await prometheus.queryRange({
      query,
      ...range,
      stepSeconds: input.stepSeconds,
      ...options,
    });
    return {
      datasource,
      query,
      kind: 'range',
      resultType: result.resultType,
      series: result.series,
      time: null,
      ...range,
      stepSeconds: result.stepSeconds,
      stepWidened: result.stepWidened,
      truncated: result.truncated,
      warnings: result.warnings,
    };
  }
  const time = input.time ?? now;
  const result = await prometheus.query({ query, time, ...options });
  return {
    datasource,
    query,
    kind: 'instant',
    resultType: result.resultType,
    series: result.series,
    time,
    start: null,
    end: null,
    stepSeconds: null,
    stepWidened: false,
    truncated: result.truncated,
    warnings: result.warnings,
  };
}
