import { AppError } from '@vibemonitor/contracts';
import {
  clampLogLimit,
  escapeLabelValue,
  type LogDirection,
  type LogLine,
  type MetricSeries,
} from '@vibemonitor/integrations';
import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { openTelemetry } from './open-telemetry.js';
import type { DatasourceRef } from './resolve-datasource.js';
import { serviceLogSelector } from './service-log-selector.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

export const LOGQL_MAX_LENGTH = 5_000;

export interface LogsQueryInput {
  datasource?: DatasourceRef | undefined;
  /** Logs of this service (its Loki label matchers, else discovered by name). Exactly one of serviceId / query. */
  serviceId?: string | undefined;
  /** Raw LogQL: a log query (lines) or a metric query (series). */
  query?: string | undefined;
  /** With serviceId: keep only lines containing this text. */
  contains?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  /** Lines to return: default 100, at most 1000. */
  limit?: number | undefined;
  direction?: LogDirection | undefined;
  stepSeconds?: number | undefined;
}

export interface LogsQueryResult {
  datasource: DatasourceSummary;
  /** The LogQL that ran. */
  query: string;
  service: { id: string; name: string; matchedBy: 'labelMatchers' | 'discovery' } | null;
  start: Date;
  end: Date;
  resultType: 'streams' | 'matrix';
  lines: LogLine[];
  series: MetricSeries[];
  stepSeconds: number | null;
  limit: number;
  truncated: boolean;
  warnings: string[];
}

/**
 * Reads logs for a service or a raw LogQL query over a time range (the last
 * hour by default), newest first unless `direction: 'forward'`, at most
 * 1000 lines. LogQL syntax errors come back as VALIDATION_FAILED with
 * Loki's message.
 */
export async function queryLogs(
  request: TelemetryRequest<LogsQueryInput>,
): Promise<LogsQueryResult> {
  const { db, workspaceId, input, now = new Date() } = request;
  const raw = input.query?.trim();
  if ((raw ? 1 : 0) + (input.serviceId ? 1 : 0) !== 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Give either a serviceId or a LogQL query (exactly one of the two).',
    );
  }
  if (raw && raw.length > LOGQL_MAX_LENGTH)
    throw new AppError(
      'VALIDATION_FAILED',
      `LogQL queries are at most ${LOGQL_MAX_LENGTH} characters.`,
    );
  if (raw && input.contains !== undefined)
    throw new AppError(
      'VALIDATION_FAILED',
      'Use `contains` with a serviceId; put line filters in the LogQL query itself.',
    );
  const range = resolveTimeRange(input, now);
  const limit = clampLogLimit(input.limit);
  const { datasource, client: loki, options } = await openTelemetry(request, 'loki');

  let query: string;
  let service: LogsQueryResult['service'] = null;
  if (raw) {
    query = raw;
  } else {
    const found = await serviceLogSelector({
      db,
      workspaceId,
      serviceId: input.serviceId ?? '',
      loki,
      range,
      ...options,
    });
    service = { ...found.service, matchedBy: found.matchedBy };
    query = input.contains
      ? `${found.selector} |= "${escapeLabelValue(input.contains)}"`
      : found.selector;
  }

  const result = await loki.queryRange({
    query,
    ...range,
    limit,
    direction: input.direction,
    stepSeconds: input.stepSeconds,
    ...options,
  });
  return {
    datasource,
    query,
    service,
    ...range,
    resultType: result.resultType,
    lines: result.resultType === 'streams' ? result.lines : [],
    series: result.resultType === 'matrix' ? result.series : [],
    stepSeconds: result.resultType === 'matrix' ? result.stepSeconds : null,
    limit,
    truncated: result.truncated,
    warnings: result.warnings,
  };
}
