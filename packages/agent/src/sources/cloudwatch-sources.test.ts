import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRoleCache, createCloudWatchClient } from '@vibemonitor/integrations';
import { startFakeAws, type FakeAws } from '@vibemonitor/integrations/testing';
import {
  insightsFilters,
  logSourceFromCloudWatch,
  parseLogQuery,
} from './cloudwatch-log-source.js';
import { metricSourceFromCloudWatch } from './cloudwatch-metric-source.js';
import type { LogSource, MetricSource } from './data-sources.js';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);
const serverKey = { accessKeyId: 'AKIAVIBEMONITOR', secretAccessKey: 'server-secret' };
const ROLE = 'arn:aws:iam::123456789012:role/Reader';
const minutes = (n: number, value: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i * 60_000, value: value(i) }));

let aws: FakeAws;
let metrics: MetricSource;
let logs: LogSource;

beforeAll(async () => {
  clearRoleCache();
  aws = await startFakeAws({
    serverKey,
    roles: [{ arn: ROLE, externalId: 'ext' }],
    metrics: [
      {
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: { FunctionName: 'resize' },
        points: minutes(10, () => 60),
      },
      {
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: 'resize' },
        points: minutes(10, (i) => (i < 5 ? 0 : 6)),
      },
      {
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: { FunctionName: 'resize' },
        points: minutes(10, () => 250),
      },
      // Same metric, another dimension set: not the function's own series.
      {
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: { FunctionName: 'resize', Resource: 'resize:live' },
        points: minutes(10, () => 1),
      },
      {
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: 'orders-db' },
        points: minutes(10, () => 40),
      },
      {
        namespace: 'ECS/ContainerInsights',
        metricName: 'MemoryUtilized',
        dimensions: { ClusterName: 'prod', ServiceName: 'api' },
        points: minutes(10, () => 512),
      },
      {
        namespace: 'ECS/ContainerInsights',
        metricName: 'MemoryReserved',
        dimensions: { ClusterName: 'prod', ServiceName: 'api' },
        points: minutes(10, () => 1024),
      },
    ],
    logGroups: [
      {
        name: '/ecs/api',
        events: [
          { timestamp: T0 + 1000, message: 'GET /health 200' },
          { timestamp: T0 + 2000, message: 'ERROR upstream "billing" refused' },
          { timestamp: T0 + 3000, message: 'path a/b matched' },
        ],
      },
      {
        name: '/aws/rds/instance/orders-db/postgresql',
        events: [{ timestamp: T0 + 1500, message: 'FATAL: too many connections' }],
      },
    ],
  });
  aws.insightsPollsBeforeComplete = 0;
  const client = createCloudWatchClient({
    connection: { region: 'eu-west-1', roleArn: ROLE, externalId: 'ext' },
    server: { credentials: serverKey, endpoint: aws.url, maxAttempts: 1 },
  });
  metrics = metricSourceFromCloudWatch({ id: 'm', name: 'CloudWatch' }, client);
  logs = logSourceFromCloudWatch({ id: 'l', name: 'CloudWatch Logs' }, client);
});
afterAll(() => aws.close());

const span = { start: new Date(T0), end: new Date(T0 + 10 * 60_000) };

describe('CloudWatch as a metric source', () => {
  it('presents AWS metrics under the catalogue names, per service', async () => {
    const names = await metrics.labelValues({ label: '__name__', ...span });
    expect(names.values).toEqual([
      'container_memory_working_set_bytes',
      'container_spec_memory_limit_bytes',
      'http_request_duration_seconds_bucket',
      'http_requests_total',
      'node_cpu_seconds_total',
    ]);
    const lambda = await metrics.labelValues({
      label: 'service',
      match: ['http_requests_total'],
      ...span,
    });
    expect(lambda.values).toEqual(['resize']);
  });

  it('answers the error ratio with metric math over Errors and Invocations', async () => {
    const result = await metrics.range({
      query:
        'sum(rate(http_requests_total{service="resize", code=~"5.."}[5m])) / sum(rate(http_requests_total{service="resize"}[5m]))',
      ...span,
      maxPoints: 10,
    });
    expect(result.stepSeconds).toBe(60);
    expect(result.series).toHaveLength(1);
    expect(result.series[0]!.points.map((p) => p.value)).toEqual([
      0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.1,
    ]);
  });

  it('answers latency quantiles in seconds, CPU as a ratio, memory utilisation as a ratio', async () => {
    const p99 = await metrics.instant({
      query:
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="resize"}[5m])))',
      time: new Date(T0 + 10 * 60_000),
    });
    expect(p99.series[0]!.points[0]!.value).toBeCloseTo(0.25);
    const cpu = await metrics.instant({
      query: '1 - avg(rate(node_cpu_seconds_total{service="orders-db", mode="idle"}[5m]))',
      time: new Date(T0 + 10 * 60_000),
    });
    expect(cpu.series[0]!.points[0]!.value).toBeCloseTo(0.4);
    const memory = await metrics.instant({
      query:
        'max(container_memory_working_set_bytes{service="api", container!=""} / (container_spec_memory_limit_bytes{service="api", container!=""} > 0))',
      time: new Date(T0 + 10 * 60_000),
    });
    expect(memory.series[0]!.points[0]!.value).toBeCloseTo(0.5);
  });

  it('says what it cannot translate', async () => {
    await expect(metrics.instant({ query: 'topk(3, up)' })).rejects.toThrow(/subset of PromQL/);
    await expect(
      metrics.instant({
        query: 'sum(rate(http_requests_total{service="resize", code="404"}[5m]))',
      }),
    ).rejects.toThrow(/only 5xx/);
  });
});

describe('CloudWatch Logs as a log source', () => {
  it('maps services to log groups and line filters to Logs Insights', async () => {
    expect((await logs.labelValues({ label: 'service' })).values).toEqual(['api', 'orders-db']);
    const result = await logs.lines({ query: '{service="api"} |= "ERROR"', ...span, limit: 10 });
    expect(result.lines.map((l) => l.line)).toEqual(['ERROR upstream "billing" refused']);
    expect(result.lines[0]!.labels).toMatchObject({ service: 'api', log_group: '/ecs/api' });
    expect(result.lines[0]!.timestamp).toBe(T0 + 2000);
    const started = aws.calls.filter((c) => c.action === 'logs:StartQuery').at(-1)!;
    expect(started.body['logGroupNames']).toEqual(['/ecs/api']);
  });

  it('keeps filter values literal: quotes and slashes cannot change the query or widen it', async () => {
    const quoted = await logs.lines({
      query: '{service="api"} |= "upstream \\"billing\\""',
      ...span,
      limit: 10,
    });
    expect(quoted.lines).toHaveLength(1);
    const escape = await logs.lines({
      query: '{service="api"} |= "x\\" | filter @message like /./ | limit 1 | fields \\""',
      ...span,
      limit: 10,
    });
    expect(escape.lines).toEqual([]);
    const slash = await logs.lines({ query: '{service="api"} |~ "a/b"', ...span, limit: 10 });
    expect(slash.lines.map((l) => l.line)).toEqual(['path a/b matched']);
    expect(insightsFilters(parseLogQuery('{a="b"} != "say \\"hi\\""').filters)).toEqual([
      'filter @message not like "say \\"hi\\""',
    ]);
  });

  it('counts lines per step for LogQL metric queries', async () => {
    const result = await logs.metric({
      query: 'sum(count_over_time({service="api"}[1m]))',
      ...span,
    });
    expect(result.series[0]!.points).toEqual([{ timestamp: T0, value: 3 }]);
  });
});
