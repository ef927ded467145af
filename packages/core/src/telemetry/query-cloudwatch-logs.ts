import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type { CloudWatchLogGroup } from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import { loadCloudWatchClient } from './load-cloudwatch-client.js';
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
export async function queryCloudWatchLogs({
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
  input: CloudWatchLogsQueryInput;
  now?: Date;
  signal?: AbortSignal;
}): Promise<CloudWatchLogsQueryResult> {
  const { client } = await loadCloudWatchClient({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId: input.integrationId,
  });
  const range = resolveTimeRange(input, now);
  const options = signal ? { signal } : {};
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
