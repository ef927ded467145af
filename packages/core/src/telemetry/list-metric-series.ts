import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { createPrometheusClient } from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { resolveDatasource, type DatasourceRef } from './resolve-datasource.js';
import { resolveTimeRange } from './time-range.js';

/** Label sets of the series matching any of the selectors in the time range (the last hour by default). */
export async function listMetricSeries({
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
    match: string[];
    start?: Date | undefined;
    end?: Date | undefined;
    limit?: number | undefined;
  };
  now?: Date;
  signal?: AbortSignal;
}): Promise<{
  datasource: DatasourceSummary;
  series: Array<Record<string, string>>;
  truncated: boolean;
}> {
  const range = resolveTimeRange(input, now);
  const { datasource, endpoint } = await resolveDatasource({
    db,
    secrets,
    settings,
    workspaceId,
    type: 'prometheus',
    ref: input.datasource,
  });
  const result = await createPrometheusClient(endpoint).series({
    match: input.match,
    ...range,
    ...(input.limit ? { limit: input.limit } : {}),
    ...(signal ? { signal } : {}),
  });
  return { datasource, ...result };
}
