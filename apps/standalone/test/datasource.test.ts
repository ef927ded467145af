import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeGrafana,
  startFakeLoki,
  type FakeGrafana,
  type FakeLoki,
} from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let workspaceId: string;
let loki: FakeLoki;
let grafana: FakeGrafana;

beforeAll(async () => {
  loki = await startFakeLoki();
  grafana = await startFakeGrafana({
    datasources: [
      { uid: 'logs-eu', name: 'Logs EU', type: 'loki', url: loki.url },
      { uid: 'logs-us', name: 'Logs US', type: 'loki', url: loki.url, isDefault: true },
      { uid: 'traces', name: 'Traces', type: 'tempo', url: loki.url },
    ],
  });
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true' } });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  outsider = await createSignedInUser(stack, { name: 'Outsider' });
  workspaceId = await createTeam(stack, owner, [{ user: member }]);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await grafana?.close();
  await loki?.close();
});

describe('datasource.list', () => {
  it('is empty before anything is connected', async () => {
    expect(await member.client.datasource.list.query({ workspaceId })).toEqual({ datasources: [] });
  });

  it("lists direct integrations and Grafana's discovered datasources, Grafana's default first", async () => {
    const direct = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Loki direct',
      provider: 'loki',
      url: loki.url,
    });
    const viaGrafana = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Grafana',
      provider: 'grafana',
      url: grafana.url,
      token: grafana.token,
    });
    const { datasources } = await member.client.datasource.list.query({ workspaceId });
    expect(datasources).toEqual([
      {
        integrationId: viaGrafana.integration.id,
        integrationName: 'Grafana',
        provider: 'grafana',
        type: 'loki',
        uid: 'logs-us',
        name: 'Logs US',
        isDefault: true,
        health: 'healthy',
      },
      {
        integrationId: direct.integration.id,
        integrationName: 'Loki direct',
        provider: 'loki',
        type: 'loki',
        uid: null,
        name: 'Loki direct',
        isDefault: false,
        health: 'healthy',
      },
      {
        integrationId: viaGrafana.integration.id,
        integrationName: 'Grafana',
        provider: 'grafana',
        type: 'loki',
        uid: 'logs-eu',
        name: 'Logs EU',
        isDefault: false,
        health: 'healthy',
      },
    ]);
    expect(
      (await member.client.datasource.list.query({ workspaceId, type: 'prometheus' })).datasources,
    ).toEqual([]);
  });

  it("follows Grafana's datasources at the next health check", async () => {
    grafana.setDatasources([{ uid: 'logs-eu', name: 'Logs EU', type: 'loki', url: loki.url }]);
    const grafanaId = (await member.client.datasource.list.query({ workspaceId })).datasources.find(
      (d) => d.provider === 'grafana',
    )?.integrationId;
    await member.client.integration.healthCheck.mutate({ workspaceId, integrationId: grafanaId! });
    const uids = (
      await member.client.datasource.list.query({ workspaceId, type: 'loki' })
    ).datasources.map((d) => d.uid);
    expect(uids).toEqual([null, 'logs-eu']);
  });

  it('is for members of the workspace only', async () => {
    expect((await failure(outsider.client.datasource.list.query({ workspaceId }))).code).toBe(
      'FORBIDDEN',
    );
  });
});
