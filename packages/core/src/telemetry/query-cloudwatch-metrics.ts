import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type {
  CloudWatchMetric,
  MetricDataRequest,
  MetricDataResult,
} from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import { loadCloudWatchClient } from './load-cloudwatch-client.js';
import { resolveTimeRange } from './time-range.js';

export interface CloudWatchMetricsQueryInput {
  integrationId: string;
  /** GetMetricData queries (metric stats and metric math); none: ListMetrics with the filters below. */
  queries?: MetricDataRequest[] | undefined;
  namespace?: string | undefined;
  metricName?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
}

export interface CloudWatchMetricsQueryResult {
  metrics: CloudWatchMetric[];
  results: MetricDataResult[];
  messages: string[];
  start: Date;
  end: Date;
  truncated: boolean;
}

/**
 * CloudWatch metrics of an integration (members): GetMetricData with metric
 * math over the time range, or, without queries, the metrics ListMetrics
 * finds for a namespace and name.
 */
export async function queryCloudWatchMetrics({
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
  input: CloudWatchMetricsQueryInput;
  now?: Date;
  signal?: AbortSignal;
}): Promise<CloudWatchMetricsQueryResult> {
  const { client } = await loadCloudWatchClient({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId: input.integrationId,
  });
  const range = resolveTimeRange(input, now);
  const options = signal ? { signal } : {};
  if (!input.queries || input.queries.length === 0) {
    const listed = await client.listMetrics({
      ...(input.namespace ? { namespace: input.namespace } : {}),
      ...(input.metricName ? { metricName: input.metricName } : {}),
      limit: 500,
      ...options,
    });
    return {
      metrics: listed.metrics,
      results: [],
      messages: [],
      ...range,
      truncated: listed.truncated,
    };
  }
  const { results, messages } = await client.getMetricData({
    queries: input.queries,
    ...range,
    ...options,
  });
  return {
    metrics: [],
    results,
    messages,
    ...range,
    truncated: results.some((r) => r.status === 'PartialData'),
  };
}
