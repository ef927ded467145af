import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedDatadog, type SimulatedDatadog } from '@vibemonitor/agent/testing';
import type { RcaEvent } from '@vibemonitor/contracts';
import { datadogCredentials, integrations } from '@vibemonitor/db';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

/*
 * Datadog end to end through the SDK: connect (keys checked against the
 * Datadog-speaking fake through the official client), keys encrypted at
 * rest, health checks that name the cause, and an investigation on a
 * Datadog-only workspace whose evidence comes from Datadog. The server's
 * DATADOG_API_URL sends every Datadog call to the fake.
 */

let datadog: SimulatedDatadog;
let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let workspaceId: string;

beforeAll(async () => {
  // The fault began 30 minutes ago (on the simulator's 30 s grid), so the default "last 30 minutes" is the incident.
  const faultStart = Math.floor(Date.now() / 60_000) * 60 - 30 * 60;
  datadog = await startSimulatedDatadog('cpu-saturation', { faultStart });
  stack = await startTestStack({
    env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true', DATADOG_API_URL: datadog.datadog.url },
  });
  owner = await createSignedInUser(stack, { name: 'On-call' });
  member = await createSignedInUser(stack, { name: 'Member' });
  workspaceId = await createTeam(stack, owner, [{ user: member }]);
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await datadog?.close();
});

const eventsOf = (items: Awaited<ReturnType<typeof streamTurn>>): RcaEvent[] =>
  items.map((item) => item.data.event);

describe('Datadog integration', () => {
  it('lists Datadog among the providers with its fields', async () => {
    const { providers } = await owner.client.integration.available.query({ workspaceId });
    const entry = providers.find((p) => p.provider === 'datadog');
    expect(entry?.fields.map((f) => [f.name, f.secret])).toEqual([
      ['region', false],
      ['apiKey', true],
      ['appKey', true],
    ]);
  });

  it('refuses a wrong key or region with the cause, saves nothing', async () => {
    const badKey = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'datadog',
        region: 'eu1',
        apiKey: 'wrong',
        appKey: datadog.appKey,
      }),
    );
    expect(badKey.code).toBe('PRECONDITION_FAILED');
    expect(badKey.message).toMatch(/rejected the API key/);
    const badApp = await owner.client.integration.test.mutate({
      workspaceId,
      provider: 'datadog',
      region: 'eu1',
      apiKey: datadog.apiKey,
      appKey: 'wrong',
    });
    expect(badApp.check.status).toBe('failing');
    expect(badApp.check.message).toMatch(
      /application key is invalid or its role lacks the metrics_read permission/,
    );
    const badRegion = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'datadog',
        region: 'mars1' as 'eu1',
        apiKey: datadog.apiKey,
        appKey: datadog.appKey,
      }),
    );
    expect(badRegion.code).toBe('BAD_REQUEST');
    const members = await failure(
      member.client.integration.connect.mutate({
        workspaceId,
        provider: 'datadog',
        region: 'eu1',
        apiKey: datadog.apiKey,
        appKey: datadog.appKey,
      }),
    );
    expect(members.code).toBe('FORBIDDEN');
    expect(await owner.client.integration.list.query({ workspaceId })).toEqual({
      integrations: [],
    });
  });

  it('connects, keeps the keys encrypted, and reports a missing permission or throttling by name', async () => {
    const { integration, check } = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Datadog prod',
      provider: 'datadog',
      region: 'eu1',
      apiKey: datadog.apiKey,
      appKey: datadog.appKey,
    });
    expect(check.status).toBe('healthy');
    expect(integration).toMatchObject({
      provider: 'datadog',
      url: datadog.datadog.url,
      auth: { type: 'token', secretLast4: datadog.apiKey.slice(-4) },
    });
    const [row] = await stack.runtime.database.db
      .select()
      .from(datadogCredentials)
      .where(eq(datadogCredentials.integrationId, integration.id));
    expect(row?.site).toBe('datadoghq.eu');
    expect(row?.apiKeyEnc).not.toContain(datadog.apiKey);
    expect(row?.appKeyEnc).not.toContain(datadog.appKey);
    const [stored] = await stack.runtime.database.db
      .select()
      .from(integrations)
      .where(eq(integrations.id, integration.id));
    expect(JSON.stringify(stored?.config)).not.toContain(datadog.appKey);

    datadog.datadog.withhold(['logs_read_data']);
    const degraded = await owner.client.integration.healthCheck.mutate({
      workspaceId,
      integrationId: integration.id,
    });
    expect(degraded.check).toMatchObject({ status: 'degraded' });
    expect(degraded.check.message).toMatch(/logs_read_data/);
    datadog.datadog.withhold([]);

    datadog.datadog.throttle(1, 42);
    const throttled = await owner.client.integration.healthCheck.mutate({
      workspaceId,
      integrationId: integration.id,
    });
    expect(throttled.check.status).toBe('failing');
    expect(throttled.check.message).toMatch(/throttling .*retry in 42 s/);

    const renamed = await owner.client.integration.update
      .mutate({
        workspaceId,
        integrationId: integration.id,
        region: 'us3',
      })
      .catch((error: unknown) => error);
    expect(String(renamed)).toMatch(/requires entering the API key and the application key again/);
    const healthy = await owner.client.integration.healthCheck.mutate({
      workspaceId,
      integrationId: integration.id,
    });
    expect(healthy.check.status).toBe('healthy');
  });

  it('investigates a Datadog-only workspace from Datadog data', async () => {
    const { turnId } = await owner.client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout slow?',
    });
    const items = await streamTurn(owner.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
    const complete = eventsOf(items).at(-1);
    if (complete?.type !== 'complete') throw new Error('expected a complete event');
    const { report } = complete;
    expect(report.rootCause).toMatchObject({ service: 'payments', confidence: 'high' });
    expect(report.rootCause?.cause).toMatch(/CPU-saturated/);
    const withData = (report.queries ?? []).filter((q) => q.outcome === 'data');
    expect(withData.length).toBeGreaterThan(10);
    expect(withData.every((q) => q.source.startsWith('Datadog prod'))).toBe(true);
    expect(report.notChecked.join('\n')).not.toMatch(/cannot query this kind of integration/);
    expect(
      datadog.datadog.metricQueries.some((q) => q.startsWith('sum:kubernetes.cpu.usage.total')),
    ).toBe(true);
    expect(datadog.datadog.logQueries).toContain('service:"payments"');
  });
});
