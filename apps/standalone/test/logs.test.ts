import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@vibemonitor/db';
import {
  startFakeGrafana,
  startFakeLoki,
  type FakeGrafana,
  type FakeLoki,
} from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const TOKEN = 'loki-bearer-token-5c1d';

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let workspaceId: string;
let loki: FakeLoki;
let grafana: FakeGrafana;
let lokiId: string;
let grafanaId: string;
const serviceIds: Record<string, string> = {};

beforeAll(async () => {
  loki = await startFakeLoki({
    credentials: { bearer: TOKEN },
    streams: [
      {
        labels: { app: 'payments-api', level: 'info' },
        entries: Array.from({ length: 150 }, (_, i) => ({
          at: new Date(minutesAgo(50).getTime() + i * 10_000),
          line: `charge ${i} ok`,
        })),
      },
      {
        labels: { service_name: 'checkout', level: 'error' },
        entries: [
          { at: minutesAgo(20), line: 'payment gateway timeout' },
          { at: minutesAgo(10), line: 'payment gateway timeout' },
          { at: minutesAgo(5), line: 'cart not found' },
        ],
      },
      {
        labels: { job: 'prod/billing', level: 'warn' },
        entries: [{ at: minutesAgo(3), line: 'invoice retry' }],
      },
      {
        labels: { app: 'payments-api', level: 'error' },
        entries: [{ at: minutesAgo(180), line: 'old failure' }],
      },
    ],
  });
  grafana = await startFakeGrafana({
    datasources: [
      {
        uid: 'loki-prod',
        name: 'Loki prod',
        type: 'loki',
        url: loki.url,
        upstreamAuthorization: `Bearer ${TOKEN}`,
      },
    ],
  });
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true' } });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  outsider = await createSignedInUser(stack, { name: 'Outsider' });
  workspaceId = await createTeam(stack, owner, [{ user: member }]);
  lokiId = (
    await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Loki',
      provider: 'loki',
      url: loki.url,
      auth: { type: 'bearer', token: TOKEN },
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
  // Services belong to another area's procedures; insert them as rows so these tests depend on the schema only.
  const rows = await stack.runtime.database.db
    .insert(services)
    .values([
      {
        workspaceId,
        name: 'payments',
        labelMatchers: { loki: { app: 'payments-api' }, prometheus: { job: 'payments' } },
      },
      { workspaceId, name: 'Checkout' },
      { workspaceId, name: 'billing-service', aliases: ['billing'] },
      { workspaceId, name: 'ghost', aliases: ['phantom'] },
      {
        workspaceId: outsider.personalWorkspaceId,
        name: 'elsewhere',
        labelMatchers: { loki: { app: 'payments-api' } },
      },
    ])
    .returning({ id: services.id, name: services.name });
  for (const row of rows) serviceIds[row.name] = row.id;
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await grafana?.close();
  await loki?.close();
});

describe('logs.query by service', () => {
  it("uses the service's Loki label matchers; newest first, 100 lines by default", async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      serviceId: serviceIds.payments,
    });
    expect(result).toMatchObject({
      query: '{app="payments-api"}',
      service: { id: serviceIds.payments, name: 'payments', matchedBy: 'labelMatchers' },
      resultType: 'streams',
      limit: 100,
      // The limit was reached: there may be more lines.
      truncated: true,
      datasource: { provider: 'loki', integrationId: lokiId, uid: null },
    });
    expect(result.lines).toHaveLength(100);
    expect(result.lines[0]).toMatchObject({
      line: 'charge 149 ok',
      labels: { app: 'payments-api', level: 'info' },
    });
    // The 3-hour-old line is outside the default last hour.
    expect(result.lines.some((l) => l.line === 'old failure')).toBe(false);
    expect(result.end.getTime() - result.start.getTime()).toBe(60 * 60_000);
  });

  it('finds a service without matchers by its name among common labels', async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      serviceId: serviceIds.Checkout,
      contains: 'timeout',
    });
    expect(result.query).toBe('{service_name="checkout"} |= "timeout"');
    expect(result.service?.matchedBy).toBe('discovery');
    expect(result.lines.map((l) => l.line)).toEqual([
      'payment gateway timeout',
      'payment gateway timeout',
    ]);
  });

  it('finds a service by an alias in a namespaced job label', async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      serviceId: serviceIds['billing-service'],
    });
    expect(result.query).toBe('{job="prod/billing"}');
    expect(result.lines.map((l) => l.line)).toEqual(['invoice retry']);
  });

  it('says how to fix a service whose logs cannot be found', async () => {
    const error = await failure(
      member.client.logs.query.query({ workspaceId, serviceId: serviceIds.ghost }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(
      /^No logs found for service "ghost": .*Add Loki label matchers to the service/,
    );
  });

  it("does not read another workspace's service", async () => {
    const error = await failure(
      member.client.logs.query.query({ workspaceId, serviceId: serviceIds.elsewhere }),
    );
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Service not found in this workspace.',
    });
  });
});

describe('logs.query with LogQL', () => {
  it('reads forward with a limit over an explicit range', async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      query: '{app="payments-api"}',
      start: minutesAgo(240),
      end: minutesAgo(49),
      direction: 'forward',
      limit: 3,
    });
    expect(result.lines.map((l) => l.line)).toEqual(['old failure', 'charge 0 ok', 'charge 1 ok']);
    expect(result.truncated).toBe(true);
    expect(result.service).toBeNull();
  });

  it('returns series for metric queries', async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      query: 'sum by (level) (count_over_time({service_name="checkout"}[30m]))',
      start: minutesAgo(60),
      end: now,
    });
    expect(result).toMatchObject({ resultType: 'matrix', stepSeconds: 15, lines: [] });
    expect(result.series).toHaveLength(1);
    expect(result.series[0]?.points.at(-1)).toEqual({ timestamp: now.getTime(), value: 3 });
  });

  it("passes a LogQL syntax error through as a bad request with Loki's message", async () => {
    const error = await failure(
      member.client.logs.query.query({ workspaceId, query: '{app="payments-api"' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(
      /^LogQL error from Loki at .*: parse error at line 1, col 20: syntax error/,
    );
  });

  it('validates the request', async () => {
    const neither = await failure(member.client.logs.query.query({ workspaceId }));
    expect(neither.message).toBe(
      'Give either a serviceId or a LogQL query (exactly one of the two).',
    );
    const both = await failure(
      member.client.logs.query.query({
        workspaceId,
        query: '{app="x"}',
        serviceId: serviceIds.payments,
      }),
    );
    expect(both.code).toBe('BAD_REQUEST');
    const tooMany = await failure(
      member.client.logs.query.query({ workspaceId, query: '{app="x"}', limit: 5000 }),
    );
    expect(tooMany.message).toContain('At most 1000 lines per query.');
  });

  it('queries Loki through Grafana when that datasource is named', async () => {
    const result = await member.client.logs.query.query({
      workspaceId,
      datasource: { integrationId: grafanaId, uid: 'loki-prod' },
      query: '{job="prod/billing"}',
    });
    expect(result.datasource).toMatchObject({
      provider: 'grafana',
      uid: 'loki-prod',
      name: 'Loki prod',
      integrationName: 'Grafana',
    });
    expect(result.lines.map((l) => l.line)).toEqual(['invoice retry']);
    expect(result.truncated).toBe(false);
    expect(grafana.proxied.at(-1)).toEqual({ uid: 'loki-prod', path: '/loki/api/v1/query_range' });
  });

  it('is for members of the workspace only', async () => {
    expect(
      (await failure(outsider.client.logs.query.query({ workspaceId, query: '{app="x"}' }))).code,
    ).toBe('FORBIDDEN');
    const none = await failure(
      outsider.client.logs.query.query({
        workspaceId: outsider.personalWorkspaceId,
        query: '{app="x"}',
      }),
    );
    expect(none).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('No Loki datasource in this workspace'),
    });
  });
});

describe('logs.labels and logs.labelValues', () => {
  it('lists label names and values in the range', async () => {
    const labels = await member.client.logs.labels.query({ workspaceId });
    expect(labels.values).toEqual(['app', 'job', 'level', 'service_name']);
    const levels = await member.client.logs.labelValues.query({ workspaceId, label: 'level' });
    expect(levels.values).toEqual(['error', 'info', 'warn']);
    const older = await member.client.logs.labelValues.query({
      workspaceId,
      label: 'level',
      start: minutesAgo(200),
      end: minutesAgo(100),
    });
    expect(older.values).toEqual(['error']);
  });

  it('works through Grafana', async () => {
    const apps = await member.client.logs.labelValues.query({
      workspaceId,
      label: 'app',
      datasource: { integrationId: grafanaId },
    });
    expect(apps).toMatchObject({ values: ['payments-api'], datasource: { uid: 'loki-prod' } });
  });
});
