import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaReport } from '@vibemonitor/contracts';
import {
  clearRoleCache,
  createCloudWatchClient,
  type CloudWatchApi,
} from '@vibemonitor/integrations';
import { cloudWatchIncident, startFakeAws, type FakeAws } from '@vibemonitor/integrations/testing';
import { deterministicReport } from '../testing/deterministic-investigation.js';
import { logSourceFromCloudWatch } from './cloudwatch-log-source.js';
import { metricSourceFromCloudWatch } from './cloudwatch-metric-source.js';
import { changeSourceFromEcs } from './ecs-change-source.js';

/*
 * A CloudWatch-only workspace: the engine's unchanged checks investigate an
 * incident whose only telemetry is CloudWatch metrics and CloudWatch Logs,
 * served by the SigV4-checking fake through the real SDK clients. The
 * checkout service (ECS behind an ALB) starts failing 20 minutes before
 * `now` (payment gateway timeouts); the resize Lambda and the orders
 * database stay healthy.
 */

const NOW = new Date(Date.UTC(2026, 11, 7, 12, 0, 0));
const serverKey = { accessKeyId: 'AKIAVIBEMONITOR', secretAccessKey: 'server-secret' };
const ROLE = 'arn:aws:iam::123456789012:role/VibeMonitorReadOnly';

let aws: FakeAws;
let client: CloudWatchApi;
let report: RcaReport;

beforeAll(async () => {
  clearRoleCache();
  aws = await startFakeAws({
    serverKey,
    roles: [{ arn: ROLE, externalId: 'vibemonitor-ext' }],
    ...cloudWatchIncident(NOW),
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
    changes: [changeSourceFromEcs({ id: 'cw:ecs', name: 'ECS (prod)' }, client)],
  });
}, 60_000);
afterAll(() => aws.close());

describe('an investigation on a CloudWatch-only workspace', () => {
  it('names checkout, from 5xx, latency and the new log pattern read in CloudWatch', () => {
    expect(report.rootCause?.service).toBe('checkout');
    const text = JSON.stringify(report.evidence);
    expect(text).toMatch(/payment gateway timeout/);
    // The ECS deployment two minutes before the onset is the change that matters.
    expect(JSON.stringify(report)).toMatch(/checkout:42/);
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
    expect(actions).toContain('ecs:DescribeServices');
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
