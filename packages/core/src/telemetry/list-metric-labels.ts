import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { createPrometheusClient } from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import type { LabelListResult } from './list-log-labels.js';
import { resolveDatasource, type DatasourceRef } from './resolve-datasource.js';
import { resolveTimeRange } from './time-range.js';

/**
 * Prometheus label names in the time range (the last hour by default), or,
 * with `label`, that label's values (`__name__` lists metric names);
 * `match` narrows to matching series.
 */
export async function listMetricLabels({
  db,
  secrets,
  settings,
  workspaceId,
  input,
  now = new Date(),
  signal,
}: {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  workspaceId: string;
  input: {
    datasource?: DatasourceRef | undefined;
    label?: string | undefined;
    match?: string[] | undefined;
    start?: Date | undefined;
    end?: Date | undefined;
  };
  now?: Date;
  signal?: AbortSignal;
}): Promise<LabelListResult> {
  const range = resolveTimeRange(input, now);
  const { datasource, endpoint } = await resolveDatasource({
    db,
    secrets,
    settings,
    workspaceId,
    type: 'prometheus',
    ref: input.datasource,
  });
  const prometheus = createPrometheusClient(endpoint);
  const options = {
    ...range,
    ...(input.match?.length ? { match: input.match } : {}),
    ...(signal ? { signal } : {}),
  };
  const list = input.label
    ? await prometheus.labelValues({ label: input.label, ...options })
    : await prometheus.labels(options);
  return { datasource, ...list };
}
