import type { CloudWatchLogGroup } from '@vibemonitor/integrations';
import { openTelemetry } from './open-telemetry.js';
import type { TelemetryRequest } from './telemetry-request.js';
import { resolveTimeRange } from './time-range.js';

export interface CloudWatchLogsQueryInput {
  integrationId: string;
  /** Log groups to search; none: the groups are listed instead (`prefix` narrows them). */
  logGroups?: string[] | undefined;
  prefix?: string | undefined;
  /** A Logs Insights query (default: the newest lines). */
  query?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  limit?: number | undefined;
}

export interface CloudWatchLogsQueryResult {
  groups: CloudWatchLogGroup[];
  rows: Array<Record<string, string>>;
  query: string | null;
  start: Date;
  end: Date;
  recordsMatched: number | null;
  truncated: boolean;
}

export const DEFAULT_INSIGHTS_QUERY =
  'fields @timestamp, @message, @logStream | sort @timestamp desc';

/**
 * Logs Insights over log groups of a CloudWatch integration (members): the
 * query runs in the customer's account under the assumed role, polled to
 * completion and stopped at its deadline. Without log groups, lists them.
 */
export async function queryCloudWatchLogs(
  request: TelemetryRequest<CloudWatchLogsQueryInput>,
): Promise<CloudWatchLogsQueryResult> {
  const { input } = request;
  const { client, options } = await openTelemetry(request, 'cloudwatch');
  const range = resolveTimeRange(input, request.now ?? new Date());
  if (!input.logGroups || input.logGroups.length === 0) {
    const listed = await client.listLogGroups({
      ...(input.prefix ? { prefix: input.prefix } : {}),
      ...options,
    });
    return {
      groups: listed.groups,
      rows: [],
      query: null,
      ...range,
      recordsMatched: null,
      truncated: listed.truncated,
    };
  }
  const limit = input.limit ?? 100;
  const query = input.query?.trim() || DEFAULT_INSIGHTS_QUERY;
  const result = await client.insightsQuery({
    logGroups: input.logGroups,
    query,
    ...range,
    limit,
    ...options,
  });
  return {
    groups: [],
    rows: result.rows,
    query,
    ...range,
    recordsMatched: result.recordsMatched,
    truncated: result.rows.length >= limit,
  };
}
