import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { AppError } from '@vibemonitor/contracts';
import type { AwsConnection, AwsServerAccess } from './aws-connection.js';
import { forgetRoleCredentials, roleCredentials, type RoleCredentials } from './assume-role.js';
import { describeAwsError } from './describe-aws-error.js';

export interface CloudWatchLogGroup {
  name: string;
  arn: string | null;
  storedBytes: number | null;
  retentionDays: number | null;
}

export interface CloudWatchLogEvent {
  /** Milliseconds since the epoch. */
  timestamp: number;
  logGroup: string;
  logStream: string | null;
  message: string;
}

export interface InsightsResult {
  /** One record per result row: field name to value (`@timestamp`, `@message`, `@logStream`...). */
  rows: Array<Record<string, string>>;
  status: 'Complete';
  recordsMatched: number | null;
  recordsScanned: number | null;
}

export interface MetricDimension {
  name: string;
  value: string;
}

export interface CloudWatchMetric {
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
}

/** One GetMetricData query: a metric with a statistic, or metric math over other ids. */
export type MetricDataRequest =
  | {
      id: string;
      metric: CloudWatchMetric;
      /** `Sum`, `Average`, `Maximum`, `p99`... */
      stat: string;
      periodSeconds: number;
      label?: string;
      /** False for inputs of an expression whose own values are not wanted. */
      returnData?: boolean;
    }
  | {
      id: string;
      expression: string;
      periodSeconds?: number;
      label?: string;
      returnData?: boolean;
    };

export interface MetricDataResult {
  id: string;
  label: string;
  /** Oldest first. */
  points: Array<{ timestamp: number; value: number }>;
  /** `PartialData` when AWS cut the answer (too many points). */
  status: string;
}

/** One ECS deployment (a service moving to a task definition), from DescribeServices. */
export interface EcsDeployment {
  cluster: string;
  service: string;
  /** `family:revision` of the task definition deployed. */
  taskDefinition: string;
  /** When the deployment was created, in milliseconds. */
  at: number;
  status: string;
  rolloutState: string | null;
}

export interface CloudWatchClientOptions {
  connection: AwsConnection;
  server: AwsServerAccess;
}

/** Logs Insights: how long to wait for a query before stopping it, and how often to ask. */
export const INSIGHTS_DEADLINE_MS = 30_000;
export const INSIGHTS_POLL_MS = 1_000;
export const MAX_INSIGHTS_ROWS = 10_000;
export const MAX_FILTER_EVENTS = 1_000;
export const MAX_LISTED_METRICS = 2_000;
export const MAX_LOG_GROUPS = 500;
/** ECS services read for deployments: DescribeServices takes 10 per call. */
export const MAX_ECS_SERVICES = 100;

export interface CloudWatchApi {
  readonly region: string;
  /** Assumes the role (cached) and returns who we are in the customer's account. */
  identity(options?: { signal?: AbortSignal }): Promise<{ assumedRoleArn: string }>;
  listLogGroups(options?: {
    prefix?: string;
    limit?: number;
    signal?: AbortSignal;
  }): Promise<{ groups: CloudWatchLogGroup[]; truncated: boolean }>;
  /** Runs a Logs Insights query to completion, stopping it when the deadline passes. */
  insightsQuery(options: {
    logGroups: string[];
    query: string;
    start: Date;
    end: Date;
    limit?: number;
    deadlineMs?: number;
    pollMs?: number;
    signal?: AbortSignal;
  }): Promise<InsightsResult>;
  filterLogEvents(options: {
    logGroup: string;
    filterPattern?: string;
    start: Date;
    end: Date;
    limit?: number;
    signal?: AbortSignal;
  }): Promise<{ events: CloudWatchLogEvent[]; truncated: boolean }>;
  getMetricData(options: {
    queries: MetricDataRequest[];
    start: Date;
    end: Date;
    signal?: AbortSignal;
  }): Promise<{ results: MetricDataResult[]; messages: string[] }>;
  listMetrics(options?: {
    namespace?: string;
    metricName?: string;
    dimensions?: Array<{ name: string; value?: string }>;
    /** Only metrics with data in the last 3 hours (AWS's PT3H). */
    recentlyActive?: boolean;
    limit?: number;
    signal?: AbortSignal;
  }): Promise<{ metrics: CloudWatchMetric[]; truncated: boolean }>;
  /** ECS deployments created between start and end, across the region's clusters (deploy evidence). */
  ecsDeployments(options: {
    start: Date;
    end: Date;
    signal?: AbortSignal;
  }): Promise<{ deployments: EcsDeployment[]; truncated: boolean }>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * CloudWatch and CloudWatch Logs in the customer's account, through the role
 * it lets VibeMonitor assume (temporary credentials shared process-wide and
 * renewed before expiry). Every failure is an AppError naming its cause
 * (missing permission, throttled, expired, wrong region). Results are capped.
 */
export function createCloudWatchClient({
  connection,
  server,
}: CloudWatchClientOptions): CloudWatchApi {
  const { region } = connection;
  // `memoized` tells the SDK not to wrap this provider in its own cache: ours is process-wide and can
  // be dropped when AWS says a session expired early, which the SDK's per-client cache would not see.
  const credentials = Object.assign(
    () =>
      roleCredentials(connection, server).then((c: RoleCredentials) => ({
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration,
      })),
    { memoized: true },
  );
  const common = {
    region,
    credentials,
    ...(server.endpoint ? { endpoint: server.endpoint } : {}),
    maxAttempts: server.maxAttempts ?? 3,
    ...(server.timeoutMs ? { requestHandler: { requestTimeout: server.timeoutMs } } : {}),
  };
  const metrics = new CloudWatchClient(common);
  const logs = new CloudWatchLogsClient(common);
  const ecs = new ECSClient(common);
  const opts = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});

  async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const described = describeAwsError(error, action, region);
      if (described.details?.['cause'] !== 'expired_token') throw described;
      // Revoked or shortened sessions expire before their announced time: assume the role again, once.
      forgetRoleCredentials(connection, server);
      try {
        return await run();
      } catch (retryError) {
        throw describeAwsError(retryError, action, region);
      }
    }
  }

  return {
    region,
    async identity({ signal } = {}) {
      const c = await roleCredentials(connection, server, signal ? { signal } : {});
      return { assumedRoleArn: c.assumedRoleArn };
    },

    async listLogGroups({ prefix, limit = MAX_LOG_GROUPS, signal } = {}) {
      const groups: CloudWatchLogGroup[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call('logs:DescribeLogGroups', () =>
          logs.send(
            new DescribeLogGroupsCommand({
              ...(prefix ? { logGroupNamePrefix: prefix } : {}),
              limit: Math.min(50, Math.max(1, limit - groups.length)),
              ...(nextToken ? { nextToken } : {}),
            }),
            opts(signal),
          ),
        );
        for (const g of page.logGroups ?? []) {
          if (!g.logGroupName) continue;
          groups.push({
            name: g.logGroupName,
            arn: g.arn ?? null,
            storedBytes: g.storedBytes ?? null,
            retentionDays: g.retentionInDays ?? null,
          });
        }
        nextToken = page.nextToken;
      } while (nextToken && groups.length < limit);
      return {
        groups: groups.slice(0, limit),
        truncated: Boolean(nextToken) || groups.length > limit,
      };
    },

    async insightsQuery({
      logGroups,
      query,
      start,
      end,
      limit = MAX_INSIGHTS_ROWS,
      deadlineMs = INSIGHTS_DEADLINE_MS,
      pollMs = INSIGHTS_POLL_MS,
      signal,
    }) {
      if (logGroups.length === 0)
        throw new AppError('VALIDATION_FAILED', 'Name at least one log group to query.');
      const started = Date.now();
      const { queryId } = await call('logs:StartQuery', () =>
        logs.send(
          new StartQueryCommand({
            logGroupNames: logGroups,
            queryString: query,
            startTime: Math.floor(start.getTime() / 1000),
            endTime: Math.ceil(end.getTime() / 1000),
            limit: Math.min(MAX_INSIGHTS_ROWS, Math.max(1, limit)),
          }),
          opts(signal),
        ),
      );
      if (!queryId) throw new AppError('UNAVAILABLE', 'CloudWatch Logs started no query.');
      for (;;) {
        const page = await call('logs:GetQueryResults', () =>
          logs.send(new GetQueryResultsCommand({ queryId }), opts(signal)),
        );
        const status = page.status ?? 'Unknown';
        if (status === 'Complete') {
          return {
            status: 'Complete',
            rows: (page.results ?? []).map((fields) =>
              Object.fromEntries(
                fields.filter((f) => f.field !== undefined).map((f) => [f.field!, f.value ?? '']),
              ),
            ),
            recordsMatched: page.statistics?.recordsMatched ?? null,
            recordsScanned: page.statistics?.recordsScanned ?? null,
          };
        }
        if (status !== 'Running' && status !== 'Scheduled') {
          throw new AppError('UNAVAILABLE', `The Logs Insights query ended as ${status}.`, {
            cause: 'query_failed',
          });
        }
        if (Date.now() - started + pollMs > deadlineMs) {
          // A running query keeps scanning (and billing) in the customer's account: stop it.
          await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
          throw new AppError(
            'UNAVAILABLE',
            `The Logs Insights query did not finish within ${Math.round(deadlineMs / 1000)} s and was stopped: narrow the time range or the log groups.`,
            { cause: 'timeout' },
          );
        }
        await sleep(pollMs, signal);
      }
    },

    async filterLogEvents({
      logGroup,
      filterPattern,
      start,
      end,
      limit = MAX_FILTER_EVENTS,
      signal,
    }) {
      const cap = Math.min(MAX_FILTER_EVENTS, Math.max(1, limit));
      const events: CloudWatchLogEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call('logs:FilterLogEvents', () =>
          logs.send(
            new FilterLogEventsCommand({
              logGroupName: logGroup,
              ...(filterPattern ? { filterPattern } : {}),
              startTime: start.getTime(),
              endTime: end.getTime(),
              limit: Math.min(cap - events.length, 10_000),
              ...(nextToken ? { nextToken } : {}),
            }),
            opts(signal),
          ),
        );
        for (const e of page.events ?? []) {
          events.push({
            timestamp: e.timestamp ?? 0,
            logGroup,
            logStream: e.logStreamName ?? null,
            message: e.message ?? '',
          });
        }
        nextToken = page.nextToken;
      } while (nextToken && events.length < cap);
      return { events: events.slice(0, cap), truncated: Boolean(nextToken) || events.length > cap };
    },

    async getMetricData({ queries, start, end, signal }) {
      const MetricDataQueries: MetricDataQuery[] = queries.map((q) =>
        'expression' in q
          ? {
              Id: q.id,
              Expression: q.expression,
              ...(q.periodSeconds ? { Period: q.periodSeconds } : {}),
              ...(q.label ? { Label: q.label } : {}),
              ReturnData: q.returnData ?? true,
            }
          : {
              Id: q.id,
              MetricStat: {
                Metric: {
                  Namespace: q.metric.namespace,
                  MetricName: q.metric.metricName,
                  Dimensions: q.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
                },
                Period: q.periodSeconds,
                Stat: q.stat,
              },
              ...(q.label ? { Label: q.label } : {}),
              ReturnData: q.returnData ?? true,
            },
      );
      const byId = new Map<string, MetricDataResult>();
      const messages: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await call('cloudwatch:GetMetricData', () =>
          metrics.send(
            new GetMetricDataCommand({
              MetricDataQueries,
              StartTime: start,
              EndTime: end,
              ScanBy: 'TimestampAscending',
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            opts(signal),
          ),
        );
        for (const m of page.Messages ?? []) messages.push(`${m.Code ?? ''}: ${m.Value ?? ''}`);
        for (const r of page.MetricDataResults ?? []) {
          const id = r.Id ?? '';
          const result = byId.get(id) ?? {
            id,
            label: r.Label ?? id,
            points: [],
            status: r.StatusCode ?? 'Complete',
          };
          const timestamps = r.Timestamps ?? [];
          const values = r.Values ?? [];
          timestamps.forEach((t, i) => {
            const value = values[i];
            if (value !== undefined) result.points.push({ timestamp: t.getTime(), value });
          });
          result.status = r.StatusCode ?? result.status;
          for (const m of r.Messages ?? [])
            messages.push(`${id} ${m.Code ?? ''}: ${m.Value ?? ''}`);
          byId.set(id, result);
        }
        nextToken = page.NextToken;
        pages += 1;
      } while (nextToken && pages < 10);
      const results = [...byId.values()].map((r) => ({
        ...r,
        points: r.points.sort((a, b) => a.timestamp - b.timestamp),
        status: nextToken ? 'PartialData' : r.status,
      }));
      return { results, messages };
    },

    async ecsDeployments({ start, end, signal }) {
      const clusters = await call('ecs:ListClusters', () =>
        ecs.send(new ListClustersCommand({ maxResults: 100 }), opts(signal)),
      );
      const services: Array<{ cluster: string; arn: string }> = [];
      for (const cluster of clusters.clusterArns ?? []) {
        if (services.length >= MAX_ECS_SERVICES) break;
        const page = await call('ecs:ListServices', () =>
          ecs.send(new ListServicesCommand({ cluster, maxResults: 100 }), opts(signal)),
        );
        for (const arn of page.serviceArns ?? []) services.push({ cluster, arn });
      }
      const chosen = services.slice(0, MAX_ECS_SERVICES);
      const deployments: EcsDeployment[] = [];
      for (let i = 0; i < chosen.length; i += 10) {
        const batch = chosen.slice(i, i + 10);
        // DescribeServices takes one cluster per call: batches are formed per cluster.
        const byCluster = new Map<string, string[]>();
        for (const s of batch)
          byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s.arn]);
        for (const [cluster, arns] of byCluster) {
          const described = await call('ecs:DescribeServices', () =>
            ecs.send(new DescribeServicesCommand({ cluster, services: arns }), opts(signal)),
          );
          for (const service of described.services ?? []) {
            for (const d of service.deployments ?? []) {
              const at = d.createdAt?.getTime();
              if (at === undefined || at < start.getTime() || at > end.getTime()) continue;
              deployments.push({
                cluster: cluster.split('/').at(-1) ?? cluster,
                service: service.serviceName ?? '',
                taskDefinition: (d.taskDefinition ?? '').split('/').at(-1) ?? '',
                at,
                status: d.status ?? '',
                rolloutState: d.rolloutState ?? null,
              });
            }
          }
        }
      }
      return {
        deployments: deployments.sort((a, b) => a.at - b.at),
        truncated: services.length > MAX_ECS_SERVICES,
      };
    },

    async listMetrics({
      namespace,
      metricName,
      dimensions,
      recentlyActive,
      limit = MAX_LISTED_METRICS,
      signal,
    } = {}) {
      const found: CloudWatchMetric[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call('cloudwatch:ListMetrics', () =>
          metrics.send(
            new ListMetricsCommand({
              ...(namespace ? { Namespace: namespace } : {}),
              ...(metricName ? { MetricName: metricName } : {}),
              ...(dimensions
                ? {
                    Dimensions: dimensions.map((d) => ({
                      Name: d.name,
                      ...(d.value === undefined ? {} : { Value: d.value }),
                    })),
                  }
                : {}),
              ...(recentlyActive ? { RecentlyActive: 'PT3H' as const } : {}),
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            opts(signal),
          ),
        );
        for (const m of page.Metrics ?? []) {
          if (!m.Namespace || !m.MetricName) continue;
          found.push({
            namespace: m.Namespace,
            metricName: m.MetricName,
            dimensions: (m.Dimensions ?? []).map((d) => ({
              name: d.Name ?? '',
              value: d.Value ?? '',
            })),
          });
        }
        nextToken = page.NextToken;
      } while (nextToken && found.length < limit);
      return {
        metrics: found.slice(0, limit),
        truncated: Boolean(nextToken) || found.length > limit,
      };
    },
  };
}
