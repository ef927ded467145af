import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { openTelemetry } from './open-telemetry.js';
import type { DatasourceRef } from './resolve-datasource.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

/** Label sets of the series matching any of the selectors in the time range (the last hour by default). */
export async function listMetricSeries(
  request: TelemetryRequest<{
    datasource?: DatasourceRef | undefined;
    match: string[];
    start?: Date | undefined;
    end?: Date | undefined;
    limit?: number | undefined;
  }>,
): Promise<{
  datasource: DatasourceSummary;
  series: Array<Record<string, string>>;
  truncated: boolean;
}> {
  const { input } = request;
  const range = resolveTimeRange(input, request.now ?? new Date());
  const { datasource, client: prometheus, options } = await openTelemetry(request, 'prometheus');
  const result = await prometheus.series({
    match: input.match,
    ...range,
    ...(input.limit ? { limit: input.limit } : {}),
    ...options,
  });
  return { datasource, ...result };
}
