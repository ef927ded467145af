import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { openTelemetry } from './open-telemetry.js';
import type { DatasourceRef } from './resolve-datasource.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

export interface LabelListResult {
  datasource: DatasourceSummary;
  values: string[];
  truncated: boolean;
}

/**
 * Loki label names seen in the time range (the last hour by default), or,
 * with `label`, that label's values; `query` narrows to matching streams.
 */
export async function listLogLabels(
  request: TelemetryRequest<{
    datasource?: DatasourceRef | undefined;
    label?: string | undefined;
    query?: string | undefined;
    start?: Date | undefined;
    end?: Date | undefined;
  }>,
): Promise<LabelListResult> {
  const { input } = request;
  const range = resolveTimeRange(input, request.now ?? new Date());
  const { datasource, client: loki, options } = await openTelemetry(request, 'loki');
  const query = { ...range, query: input.query, ...options };
  const list = input.label
    ? await loki.labelValues({ label: input.label, ...query })
    : await loki.labels(query);
  return { datasource, ...list };
}
