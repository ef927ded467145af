import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '@vibemonitor/contracts';
import { startFakeAws, type FakeAws } from '../testing/index.js';
import { checkCloudWatch } from '../health/check-cloudwatch.js';
import { clearRoleCache, roleCredentials, ROLE_REFRESH_MARGIN_MS } from './assume-role.js';
import { createCloudWatchClient } from './cloudwatch-client.js';
import {
  assertRegion,
  assertRoleArn,
  type AwsConnection,
  type AwsServerAccess,
} from './aws-connection.js';

const serverKey = {
  accessKeyId: 'AKIAVIBEMONITORTEST',
  secretAccessKey: 'server-secret-for-tests',
};
const ROLE = 'arn:aws:iam::123456789012:role/VibeMonitorReadOnly';
const EXTERNAL_ID = 'vm-ext-0123456789abcdef';
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

let aws: FakeAws;
let server: AwsServerAccess;
const connection: AwsConnection = { region: 'eu-west-1', roleArn: ROLE, externalId: EXTERNAL_ID };

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  aws = await startFakeAws({
    serverKey,
    roles: [
      { arn: ROLE, externalId: EXTERNAL_ID },
      {
        arn: 'arn:aws:iam::123456789012:role/NoInsights',
        externalId: EXTERNAL_ID,
        deny: ['logs:StartQuery', 'cloudwatch:ListMetrics'],
      },
    ],
    logGroups: [
      {
        name: '/ecs/checkout',
        events: Array.from({ length: 30 }, (_, i) => ({
          timestamp: T0 + i * 60_000,
          message: i >= 20 ? `ERROR payment timeout order=${i}` : `INFO served order=${i}`,
          logStream: 'ecs/checkout/abc',
        })),
      },
      { name: '/aws/lambda/resize', events: [] },
    ],
    metrics: [
      {
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: 'resize' },
        points: Array.from({ length: 10 }, (_, i) => ({
          timestamp: T0 + i * 60_000,
          value: i < 5 ? 0 : 3,
        })),
      },
      {
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensions: { FunctionName: 'resize' },
        points: Array.from({ length: 10 }, (_, i) => ({ timestamp: T0 + i * 60_000, value: 30 })),
      },
    ],
    pageSize: 1,
  });
  server = { credentials: serverKey, endpoint: aws.url, maxAttempts: 1 };
});
afterAll(() => aws.close());
afterEach(() => {
  clearRoleCache();
  aws.insightsPollsBeforeComplete = 1;
});

describe('CloudWatch connection through an assumed role', () => {
  it('assumes the role with the external id once, signs every call with the temporary key, scoped to the region', async () => {
    const client = createCloudWatchClient({ connection, server });
    const { groups } = await client.listLogGroups();
    await client.listMetrics({ namespace: 'AWS/Lambda' });
    expect(groups.map((g) => g.name)).toEqual(['/ecs/checkout', '/aws/lambda/resize']);
    const assumes = aws.calls.filter((c) => c.action === 'sts:AssumeRole');
    expect(assumes).toHaveLength(1);
    expect(assumes[0]!.body).toMatchObject({ RoleArn: ROLE, ExternalId: EXTERNAL_ID });
    expect(assumes[0]!.accessKeyId).toBe(serverKey.accessKeyId);
    const reads = aws.calls.filter((c) => c.action !== 'sts:AssumeRole');
    expect(reads.every((c) => c.accessKeyId.startsWith('ASIA') && c.region === 'eu-west-1')).toBe(
      true,
    );
    expect(aws.refused).toEqual([]);
  });

  it('the fake really checks signatures: a wrong server secret is refused and named', async () => {
    const bad = createCloudWatchClient({
      connection,
      server: { ...server, credentials: { ...serverKey, secretAccessKey: 'wrong' } },
    });
    const error = await failure(bad.listLogGroups());
    expect(aws.refused.at(-1)).toMatch(/signature does not match/);
    expect(error.details?.['cause']).toBe('bad_credentials');
    expect(error.message).toMatch(/did not recognise the credentials/);
  });

  it('a server without AWS credentials says so', async () => {
    const noKeys = createCloudWatchClient({
      connection,
      server: {
        ...server,
        credentials: () =>
          Promise.reject(
            Object.assign(new Error('Could not load credentials from any providers'), {
              name: 'CredentialsProviderError',
            }),
          ),
      },
    });
    const error = await failure(noKeys.identity());
    expect(error.details?.['cause']).toBe('no_server_credentials');
    expect(error.message).toContain('AWS_ACCESS_KEY_ID');
  });

  it('a wrong external id names the trust policy and the id expected', async () => {
    const client = createCloudWatchClient({
      connection: { ...connection, externalId: 'other' },
      server,
    });
    const error = await failure(client.identity());
    expect(error.details?.['cause']).toBe('assume_role_denied');
    expect(error.message).toMatch(/trust policy/);
    expect(error.message).toContain('sts:ExternalId = "other"');
  });

  it('a region the endpoint does not serve is named as the region', async () => {
    const client = createCloudWatchClient({
      connection: { ...connection, region: 'us-east-2' },
      server,
    });
    const error = await failure(client.identity());
    expect(error.details?.['cause']).toBe('invalid_region');
    expect(error.message).toContain('us-east-2');
  });

  it('validates region and role ARN shapes before calling anything', () => {
    expect(assertRegion(' eu-west-1 ')).toBe('eu-west-1');
    expect(() => assertRegion('europe')).toThrow(/not an AWS region/);
    expect(assertRoleArn(ROLE)).toBe(ROLE);
    expect(() => assertRoleArn('arn:aws:iam::123:user/x')).toThrow(/role ARN/);
  });

  it('reuses credentials until shortly before they expire, then assumes again', async () => {
    const first = await roleCredentials(connection, server);
    const again = await roleCredentials(connection, server);
    expect(again.accessKeyId).toBe(first.accessKeyId);
    const nearExpiry = () => first.expiration.getTime() - ROLE_REFRESH_MARGIN_MS + 1;
    const renewed = await roleCredentials(connection, server, { now: nearExpiry });
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('credentials that expired early are renewed once and the call succeeds', async () => {
    const client = createCloudWatchClient({ connection, server });
    await client.listLogGroups({ limit: 1 });
    aws.expireIssuedCredentials();
    const before = aws.calls.filter((c) => c.action === 'sts:AssumeRole').length;
    await client.listLogGroups({ limit: 1 });
    expect(aws.calls.filter((c) => c.action === 'sts:AssumeRole').length).toBe(before + 1);
  });

  it('a missing permission is named; throttling says when to retry', async () => {
    const denied = createCloudWatchClient({
      connection: { ...connection, roleArn: 'arn:aws:iam::123456789012:role/NoInsights' },
      server,
    });
    const error = await failure(
      denied.insightsQuery({
        logGroups: ['/ecs/checkout'],
        query: 'fields @message',
        start: new Date(T0),
        end: new Date(T0 + 3_600_000),
      }),
    );
    expect(error.details).toMatchObject({
      cause: 'missing_permission',
      permission: 'logs:StartQuery',
    });
    expect(error.message).toContain('add "logs:StartQuery"');

    const client = createCloudWatchClient({ connection, server });
    aws.failNext('cloudwatch:GetMetricData', 'Throttling');
    const throttled = await failure(
      client.getMetricData({
        queries: [
          {
            id: 'e',
            metric: {
              namespace: 'AWS/Lambda',
              metricName: 'Errors',
              dimensions: [{ name: 'FunctionName', value: 'resize' }],
            },
            stat: 'Sum',
            periodSeconds: 60,
          },
        ],
        start: new Date(T0),
        end: new Date(T0 + 600_000),
      }),
    );
    expect(throttled.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.details).toMatchObject({ cause: 'throttled', retryAfterSeconds: 30 });
  });

  it('health: healthy with both reads, degraded naming the refused permission', async () => {
    const healthy = await checkCloudWatch(createCloudWatchClient({ connection, server }));
    expect(healthy).toMatchObject({ status: 'healthy', message: null });
    const partial = await checkCloudWatch(
      createCloudWatchClient({
        connection: { ...connection, roleArn: 'arn:aws:iam::123456789012:role/NoInsights' },
        server,
      }),
    );
    expect(partial.status).toBe('degraded');
    expect(partial.message).toContain('cloudwatch:ListMetrics');
    const failing = await checkCloudWatch(
      createCloudWatchClient({
        connection: { ...connection, roleArn: 'arn:aws:iam::123456789012:role/Missing' },
        server,
      }),
    );
    expect(failing.status).toBe('failing');
  });
});

describe('CloudWatch Logs', () => {
  it('runs a Logs Insights query to completion (polling) with the filter applied', async () => {
    const client = createCloudWatchClient({ connection, server });
    aws.insightsPollsBeforeComplete = 2;
    const result = await client.insightsQuery({
      logGroups: ['/ecs/checkout'],
      query:
        'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 5',
      start: new Date(T0),
      end: new Date(T0 + 3_600_000),
      pollMs: 10,
    });
    expect(result.rows).toHaveLength(5);
    expect(result.rows[0]!['@message']).toBe('ERROR payment timeout order=29');
    expect(result.recordsMatched).toBe(10);
    expect(
      aws.calls.filter((c) => c.action === 'logs:GetQueryResults').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('stops a query that outlives its deadline and says so', async () => {
    const client = createCloudWatchClient({ connection, server });
    aws.insightsPollsBeforeComplete = Number.POSITIVE_INFINITY;
    const error = await failure(
      client.insightsQuery({
        logGroups: ['/ecs/checkout'],
        query: 'fields @message',
        start: new Date(T0),
        end: new Date(T0 + 60_000),
        deadlineMs: 60,
        pollMs: 20,
      }),
    );
    expect(error.details?.['cause']).toBe('timeout');
    expect(error.message).toMatch(/was stopped/);
    const started = aws.calls.filter((c) => c.action === 'logs:StartQuery').at(-1)!;
    expect(aws.calls.at(-1)!.action).toBe('logs:StopQuery');
    expect(aws.stoppedQueries).toHaveLength(1);
    expect(started).toBeDefined();
  });

  it('filters log events across pages up to the limit', async () => {
    const client = createCloudWatchClient({ connection, server });
    const all = await client.filterLogEvents({
      logGroup: '/ecs/checkout',
      filterPattern: 'ERROR timeout',
      start: new Date(T0),
      end: new Date(T0 + 3_600_000),
    });
    expect(all.events).toHaveLength(10);
    expect(all.truncated).toBe(false);
    const capped = await client.filterLogEvents({
      logGroup: '/ecs/checkout',
      start: new Date(T0),
      end: new Date(T0 + 3_600_000),
      limit: 7,
    });
    expect(capped.events).toHaveLength(7);
    expect(capped.truncated).toBe(true);
  });
});

describe('CloudWatch metrics', () => {
  it('GetMetricData with metric math: the error ratio of a Lambda function', async () => {
    const client = createCloudWatchClient({ connection, server });
    const fn = [{ name: 'FunctionName', value: 'resize' }];
    const { results } = await client.getMetricData({
      queries: [
        {
          id: 'errors',
          metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: fn },
          stat: 'Sum',
          periodSeconds: 300,
          returnData: false,
        },
        {
          id: 'calls',
          metric: { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: fn },
          stat: 'Sum',
          periodSeconds: 300,
          returnData: false,
        },
        { id: 'ratio', expression: 'errors / calls', label: 'error ratio' },
      ],
      start: new Date(T0),
      end: new Date(T0 + 600_000),
    });
    expect(results).toHaveLength(1);
    expect(results[0]!.label).toBe('error ratio');
    expect(results[0]!.points.map((p) => p.value)).toEqual([0, 0.1]);
  });

  it('lists metrics across pages', async () => {
    const client = createCloudWatchClient({ connection, server });
    const { metrics, truncated } = await client.listMetrics({ namespace: 'AWS/Lambda' });
    expect(metrics.map((m) => m.metricName).sort()).toEqual(['Errors', 'Invocations']);
    expect(truncated).toBe(false);
    expect(
      aws.calls.filter((c) => c.action === 'cloudwatch:ListMetrics').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
