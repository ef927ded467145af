import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeGrafana,
  startFakeLoki,
  startPrometheus,
  type FakeGrafana,
  type FakeLoki,
  type RunningPrometheus,
} from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

// Whole minutes, so backfilled samples line up with query times.
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const everyMinute = (hours: number, value: (minute: number) => number): Array<[Date, number]> =>
  Array.from({ length: hours * 60 + 1 }, (_, i) => [minutesAgo(hours * 60 - i), value(i)]);

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let workspaceId: string;
let prometheus: RunningPrometheus;
let grafana: FakeGrafana;
let loki: FakeLoki;
let prometheusId: string;
let grafanaId: string;
let lokiId: string;

beforeAll(async () => {
  prometheus = await startPrometheus({
    series: [
      {
        name: 'http_requests',
        type: 'counter',
        labels: { job: 'checkout', code: '200' },
        samples: everyMinute(6, (m) => m * 120),
      },
      {
        name: 'http_requests',
        type: 'counter',
        labels: { job: 'checkout', code: '500' },
        samples: everyMinute(6, (m) => (m < 300 ? 0 : (m - 300) * 30)),
      },
      { name: 'queue_depth', labels: { job: 'worker' }, samples: everyMinute(6, (m) => m) },
    ],
  });
  loki = await startFakeLoki();
  grafana = await startFakeGrafana({
    datasources: [
      {
        uid: 'prom-main',
        name: 'Main Prometheus',
        type: 'prometheus',
        url: prometheus.url,
        isDefault: true,
      },
      { uid: 'logs', name: 'Logs', type: 'loki', url: loki.url },
    ],
  });
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true' } });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  outsider = await createSignedInUser(stack, { name: 'Outsider' });
  workspaceId = await createTeam(stack, owner, [{ user: member }]);
  prometheusId = (
    await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Prometheus',
      provider: 'prometheus',
      url: prometheus.url,
    })
  ).integration.id;
  grafanaId = (
    await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Grafana',
      provider: 'grafana',
      url: grafana.url,
      token: grafana.token,
    })
  ).integration.id;
  lokiId = (
    await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Loki',
      provider: 'loki',
      url: loki.url,
    })
  ).integration.id;
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await grafana?.close();
  await loki?.close();
  await prometheus?.close();
});

describe('metrics.query', () => {
  it('runs an instant query against the real Prometheus, for any member', async () => {
    const result = await member.client.metrics.query.query({
      workspaceId,
      query: 'sum by (code) (rate(http_requests_total{job="checkout"}[5m]))',
      time: minutesAgo(10),
    });
    expect(result).toMatchObject({
      kind: 'instant',
      resultType: 'vector',
      time: minutesAgo(10),
      stepSeconds: null,
      truncated: false,
    });
    const byCode = Object.fromEntries(
      result.series.map((s) => [s.labels.code, s.points[0]?.value]),
    );
    expect(byCode['200']).toBeCloseTo(2, 5);
    expect(byCode['500']).toBeCloseTo(0.5, 5);
    // Grafana's default datasource comes first when none is named.
    expect(result.datasource).toMatchObject({
      provider: 'grafana',
      uid: 'prom-main',
      name: 'Main Prometheus',
      integrationId: grafanaId,
    });
  });

  it('widens the step of a range query to keep at most 300 points', async () => {
    const result = await member.client.metrics.query.query({
      workspaceId,
      datasource: { integrationId: prometheusId },
      query: 'queue_depth',
      start: minutesAgo(360),
      end: now,
      stepSeconds: 15,
    });
    expect(result).toMatchObject({
      kind: 'range',
      resultType: 'matrix',
      stepSeconds: 120,
      stepWidened: true,
      start: minutesAgo(360),
      end: now,
    });
    expect(result.datasource).toMatchObject({
      provider: 'prometheus',
      uid: null,
      integrationId: prometheusId,
    });
    const points = result.series[0]?.points ?? [];
    expect(points.length).toBe(181);
    expect(points.at(-1)).toEqual({ timestamp: now.getTime(), value: 360 });
  });

  it('keeps a step that fits, and picks one when none is given', async () => {
    const kept = await member.client.metrics.query.query({
      workspaceId,
      query: 'queue_depth',
      start: minutesAgo(30),
      end: now,
      stepSeconds: 60,
    });
    expect(kept).toMatchObject({ stepSeconds: 60, stepWidened: false });
    expect(kept.series[0]?.points).toHaveLength(31);
    const picked = await member.client.metrics.query.query({
      workspaceId,
      query: 'queue_depth',
      start: minutesAgo(60),
    });
    expect(picked).toMatchObject({ stepSeconds: 15, stepWidened: false });
  });

  it('finds the onset of errors over a range', async () => {
    const result = await member.client.metrics.query.query({
      workspaceId,
      query: 'sum(rate(http_requests_total{code="500"}[5m]))',
      start: minutesAgo(120),
      end: now,
      stepSeconds: 60,
    });
    const points = result.series[0]?.points ?? [];
    expect(points.find((p) => (p.value ?? 0) > 0)?.timestamp).toBe(minutesAgo(59).getTime());
  });

  it("passes a PromQL syntax error through as a bad request with Prometheus's message", async () => {
    const error = await failure(
      member.client.metrics.query.query({ workspaceId, query: 'sum(rate(http_requests_total[5m]' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(
      /^PromQL error from Grafana datasource "Main Prometheus": .*parse error/,
    );
  });

  it('refuses mixed instant and range parameters, and wrong datasources', async () => {
    const mixed = await failure(
      member.client.metrics.query.query({
        workspaceId,
        query: 'up',
        time: now,
        start: minutesAgo(5),
      }),
    );
    expect(mixed.code).toBe('BAD_REQUEST');
    const inverted = await failure(
      member.client.metrics.query.query({
        workspaceId,
        query: 'up',
        start: now,
        end: minutesAgo(5),
      }),
    );
    expect(inverted.message).toBe('The start of the time range must be before its end.');
    const logs = await failure(
      member.client.metrics.query.query({
        workspaceId,
        query: 'up',
        datasource: { integrationId: lokiId },
      }),
    );
    expect(logs).toMatchObject({
      code: 'BAD_REQUEST',
      message: '"Loki" is a Loki integration: metrics need Prometheus.',
    });
    const unknownUid = await failure(
      member.client.metrics.query.query({
        workspaceId,
        query: 'up',
        datasource: { integrationId: grafanaId, uid: 'nope' },
      }),
    );
    expect(unknownUid.code).toBe('NOT_FOUND');
  });

  it('is for members of the workspace only, and needs a Prometheus datasource', async () => {
    expect(
      (await failure(outsider.client.metrics.query.query({ workspaceId, query: 'up' }))).code,
    ).toBe('FORBIDDEN');
    const none = await failure(
      outsider.client.metrics.query.query({
        workspaceId: outsider.personalWorkspaceId,
        query: 'up',
      }),
    );
    expect(none).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('No Prometheus datasource in this workspace'),
    });
    const foreign = await failure(
      outsider.client.metrics.query.query({
        workspaceId: outsider.personalWorkspaceId,
        query: 'up',
        datasource: { integrationId: prometheusId },
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
  });
});

describe('metrics.series and metrics.labels', () => {
  it('lists series matching selectors', async () => {
    const { series, truncated } = await member.client.metrics.series.query({
      workspaceId,
      datasource: { integrationId: prometheusId },
      match: ['http_requests_total{job="checkout"}'],
    });
    expect(truncated).toBe(false);
    expect(series.map((s) => s.code).sort()).toEqual(['200', '500']);
    const limited = await member.client.metrics.series.query({
      workspaceId,
      match: ['{job=~".+"}'],
      limit: 2,
    });
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.series).toHaveLength(2);
  });

  it('lists label names, label values and metric names, through Grafana too', async () => {
    const names = await member.client.metrics.labels.query({
      workspaceId,
      datasource: { integrationId: prometheusId },
    });
    expect(names.values).toEqual(expect.arrayContaining(['__name__', 'code', 'job']));
    const jobs = await member.client.metrics.labels.query({
      workspaceId,
      label: 'job',
      datasource: { integrationId: grafanaId, uid: 'prom-main' },
    });
    expect(jobs).toMatchObject({
      values: ['checkout', 'worker'],
      datasource: { provider: 'grafana', uid: 'prom-main' },
    });
    const metrics = await member.client.metrics.labels.query({
      workspaceId,
      label: '__name__',
      match: ['{job="worker"}'],
    });
    expect(metrics.values).toEqual(['queue_depth']);
    expect(
      grafana.proxied.some((p) => p.uid === 'prom-main' && p.path === '/api/v1/label/job/values'),
    ).toBe(true);
  });
});
