import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaReport } from '@vibemonitor/contracts';
import {
  clearRoleCache,
  createCloudWatchClient,
  type CloudWatchApi,
} from '@vibemonitor/integrations';
import { startFakeAws, type FakeAws, type FakeAwsMetric } from '@vibemonitor/integrations/testing';
import { deterministicReport } from '../testing/deterministic-investigation.js';
import { logSourceFromCloudWatch } from './cloudwatch-log-source.js';
import { metricSourceFromCloudWatch } from './cloudwatch-metric-source.js';

/*
 * A CloudWatch-only workspace: the engine's unchanged checks investigate an
 * incident whose only telemetry is CloudWatch metrics and CloudWatch Logs,
 * served by the SigV4-checking fake through the real SDK clients. The
 * checkout service (ECS behind an ALB) starts failing 20 minutes before
 * `now` (payment gateway timeouts); the resize Lambda and the orders
 * database stay healthy.
 */

const NOW = new Date(Date.UTC(2026, 11, 7, 12, 0, 0));
const MINUTE = 60_000;
const HOURS = 4;
const ONSET = NOW.getTime() - 20 * MINUTE;
const serverKey = { accessKeyId: 'AKIAVIBEMONITOR', secretAccessKey: 'server-secret' };
const ROLE = 'arn:aws:iam::123456789012:role/VibeMonitorReadOnly';

function series(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  value: (t: number, i: number) => number,
): FakeAwsMetric {
  const points = [];
  const first = NOW.getTime() - HOURS * 60 * MINUTE;
  for (let t = first, i = 0; t < NOW.getTime(); t += MINUTE, i += 1)
    points.push({ timestamp: t, value: value(t, i) });
  return { namespace, metricName, dimensions, points };
}

// Small deterministic wobble so baselines are not flat lines.
const wobble = (i: number, amplitude: number) => amplitude * Math.sin(i * 1.7) * Math.cos(i * 0.3);
const failing = (t: number) => t >= ONSET;
const alb = { LoadBalancer: 'app/checkout/50dc6c495c0c9188' };
const ecs = { ClusterName: 'prod', ServiceName: 'checkout' };

const metrics: FakeAwsMetric[] = [
  series('AWS/ApplicationELB', 'RequestCount', alb, (_, i) => 1200 + wobble(i, 60)),
  series('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', alb, (t, i) =>
    failing(t) ? 420 + wobble(i, 20) : 3 + Math.abs(wobble(i, 2)),
  ),
  series('AWS/ApplicationELB', 'TargetResponseTime', alb, (t, i) =>
    failing(t) ? 4.8 + wobble(i, 0.2) : 0.12 + wobble(i, 0.01),
  ),
  series('ECS/ContainerInsights', 'CpuUtilized', ecs, (_, i) => 400 + wobble(i, 20)),
  series('ECS/ContainerInsights', 'MemoryUtilized', ecs, (_, i) => 900 + wobble(i, 10)),
  series('ECS/ContainerInsights', 'MemoryReserved', ecs, () => 2048),
  series('AWS/Lambda', 'Invocations', { FunctionName: 'resize' }, (_, i) => 60 + wobble(i, 5)),
  series('AWS/Lambda', 'Errors', { FunctionName: 'resize' }, (_, i) => (i % 97 === 0 ? 1 : 0)),
  series('AWS/Lambda', 'Duration', { FunctionName: 'resize' }, (_, i) => 180 + wobble(i, 10)),
  series(
    'AWS/RDS',
    'CPUUtilization',
    { DBInstanceIdentifier: 'orders-db' },
    (_, i) => 22 + wobble(i, 2),
  ),
];

function checkoutLogs() {
  const events = [];
  for (let t = NOW.getTime() - HOURS * 60 * MINUTE, i = 0; t < NOW.getTime(); t += 15_000, i += 1) {
    events.push({
      timestamp: t,
      message: `INFO order ${1000 + i} placed in ${40 + (i % 7)}ms`,
      logStream: 'checkout/web/1',
    });
    if (failing(t))
      events.push({
        timestamp: t + 5,
        message: `ERROR payment gateway timeout after 5000ms for order ${1000 + i}`,
        logStream: 'checkout/web/1',
      });
  }
  return events;
}

let aws: FakeAws;
let client: CloudWatchApi;
let report: RcaReport;

beforeAll(async () => {
  clearRoleCache();
  aws = await startFakeAws({
    serverKey,
    roles: [{ arn: ROLE, externalId: 'vibemonitor-ext' }],
    metrics,
    logGroups: [
      { name: '/ecs/checkout', events: checkoutLogs() },
      {
        name: '/aws/lambda/resize',
        events: Array.from({ length: 200 }, (_, i) => ({
          timestamp: NOW.getTime() - i * 60_000,
          message: `START RequestId: ${i} resized image in ${150 + (i % 9)}ms`,
        })),
      },
    ],
  });
  aws.insightsPollsBeforeComplete = 0;
  client = createCloudWatchClient({
    connection: { region: 'eu-west-1', roleArn: ROLE, externalId: 'vibemonitor-ext' },
    server: { credentials: serverKey, endpoint: aws.url, maxAttempts: 1 },
  });
  report = await deterministicReport({
    question: 'Why is checkout failing?',
    now: NOW,
    metrics: [metricSourceFromCloudWatch({ id: 'cw:metrics', name: 'CloudWatch (prod)' }, client)],
    logs: [logSourceFromCloudWatch({ id: 'cw:logs', name: 'CloudWatch Logs (prod)' }, client)],
  });
}, 60_000);
afterAll(() => aws.close());

describe('an investigation on a CloudWatch-only workspace', () => {
  it('names checkout, from 5xx, latency and the new log pattern read in CloudWatch', () => {
    expect(report.rootCause?.service).toBe('checkout');
    const text = JSON.stringify(report.evidence);
    expect(text).toMatch(/payment gateway timeout/);
    // 5xx over requests of the ALB: ~0.3% before, 420/1200 = 35% after.
    expect(text).toMatch(/checkout: HTTP error ratio 0\.\d+% -> 3[45]\.\d%/);
    expect(text).toMatch(/checkout: p99 latency 1\d\d ms -> 4\.\d+ s/);
    const ids = new Set(report.evidence.map((e) => e.id));
    expect(report.rootCause?.evidenceIds.length).toBeGreaterThan(0);
    for (const id of report.rootCause?.evidenceIds ?? []) expect(ids.has(id)).toBe(true);
  });

  it('read everything through signed CloudWatch calls under the assumed role', () => {
    const actions = new Set(aws.calls.map((c) => c.action));
    expect(actions).toContain('sts:AssumeRole');
    expect(actions).toContain('cloudwatch:ListMetrics');
    expect(actions).toContain('cloudwatch:GetMetricData');
    expect(actions).toContain('logs:StartQuery');
    expect(aws.refused).toEqual([]);
    const math = aws.calls
      .filter((c) => c.action === 'cloudwatch:GetMetricData')
      .flatMap((c) =>
        (c.body['MetricDataQueries'] as Array<{ Expression?: string }>).map((q) => q.Expression),
      )
      .filter(Boolean);
    // The error ratio was computed by CloudWatch metric math, not in our process.
    expect(math.some((e) => /\/ .*m\d/.test(e ?? ''))).toBe(true);
  });
});
