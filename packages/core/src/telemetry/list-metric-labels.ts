import type { LabelListResult } from './list-log-labels.js';
import { openTelemetry } from './open-telemetry.js';
import type { DatasourceRef } from './resolve-datasource.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

/**
 * Prometheus label names in the time range (the last hour by default), or,
 * with `label`, that label's values (`__name__` lists metric names);
 * `match` narrows to matching series.
 */
export async function listMetricLabels(
  request: TelemetryRequest<{
    datasource?: DatasourceRef | undefined;
    label?: string | undefined;
    match?: string[] | undefined;
    start?: Date | undefined;
    end?: Date | undefined;
  }>,
): Promise<LabelListResult> {
  const { input } = request;
  const range = resolveTimeRange(input, request.now ?? new Date());
  const { datasource, client: prometheus, options } = await openTelemetry(request, 'prometheus');
  const query = {
    ...range,
    ...(input.match?.length ? { match: input.match } : {}),
    ...options,
  };
  const list = input.label
    ? await prometheus.labelValues({ label: input.label, ...query })
    : await prometheus.labels(query);
  return { datasource, ...list };
}
