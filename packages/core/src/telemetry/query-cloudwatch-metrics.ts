import type {
  CloudWatchMetric,
  MetricDataRequest,
  MetricDataResult,
} from '@vibemonitor/integrations';
import { openTelemetry } from './open-telemetry.js';
import type { TelemetryRequest } from './telemetry-request.js';
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
export async function queryCloudWatchMetrics(
  request: TelemetryRequest<CloudWatchMetricsQueryInput>,
): Promise<CloudWatchMetricsQueryResult> {
  const { input } = request;
  const { client, options } = await openTelemetry(request, 'cloudwatch');
  const range = resolveTimeRange(input, request.now ?? new Date());
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
