import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { createLokiClient } from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { resolveDatasource, type DatasourceRef } from './resolve-datasource.js';
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
export async function listLogLabels({
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
    query?: string | undefined;
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
    type: 'loki',
    ref: input.datasource,
  });
  const loki = createLokiClient(endpoint);
  const options = { ...range, query: input.query, ...(signal ? { signal } : {}) };
  const list = input.label
    ? await loki.labelValues({ label: input.label, ...options })
    : await loki.labels(options);
  return { datasource, ...list };
}
