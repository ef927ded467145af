import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '@vibemonitor/auth';
import {
  chatSessions,
  chatTurns,
  environments,
  integrations,
  llmConfigs,
  securityEvents,
  services,
  workspaces,
  type Database,
} from '@vibemonitor/db';
import {
  startFakeGrafana,
  startFakeLoki,
  type FakeGrafana,
  type FakeLoki,
} from '@vibemonitor/integrations/testing';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import type { IntegrationTarget } from '../integrations/integration-target.js';
import { storeCredentials } from '../integrations/store-credentials.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from '../llm-config/testing/fake-llm-server.js';
import { loadInvestigationContext } from './load-investigation-context.js';
import { recordInvestigationSecurityEvent } from './record-investigation-security-event.js';

const secrets = createSecretBox({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });
const integrationSettings = { allowPrivateUrls: true, timeoutMs: 5_000 };
let testDb: TestDatabase;
let db: Database;
let loki: FakeLoki;
let grafana: FakeGrafana;
let llm: FakeLlmServer;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  loki = await startFakeLoki({
    credentials: { username: 'reader', password: 's3cret-pass' },
    streams: [{ labels: { service_name: 'orders' }, entries: [{ at: new Date(), line: 'hello' }] }],
  });
  grafana = await startFakeGrafana({
    datasources: [{ uid: 'prom-uid', name: 'Prom', type: 'prometheus', url: 'http://127.0.0.1:9' }],
  });
  llm = await startFakeLlmServer();
});
afterAll(async () => {
  await Promise.all([loki?.close(), grafana?.close(), llm?.close()]);
  await testDb?.drop();
});

function llmSettings(serverDefault: LlmSettings['serverDefault']): LlmSettings {
  return {
    serverDefault,
    baseUrls: { groq: llm.baseUrlFor('groq'), openai: llm.baseUrlFor('openai') },
    allowPrivateEndpoints: true,
    verifyTimeoutMs: 5_000,
  };
}

async function connect(
  workspaceId: string,
  name: string,
  target: IntegrationTarget,
  extra: Partial<typeof integrations.$inferInsert> = {},
) {
  const [row] = await db
    .insert(integrations)
    .values({ workspaceId, provider: target.provider, name, healthStatus: 'healthy', ...extra })
    .returning({ id: integrations.id });
  await storeCredentials({ db, secrets, workspaceId, integrationId: row!.id, target });
  return row!.id;
}

async function workspaceWithTurn(environment: 'chosen' | 'default' | 'none') {
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: 'Investigations', type: 'team' })
    .returning({ id: workspaces.id });
  const workspaceId = workspace!.id;
  const envs = await db
    .insert(environments)
    .values([
      { workspaceId, name: 'production', isDefault: environment !== 'none' },
      { workspaceId, name: 'staging' },
    ])
    .returning({ id: environments.id, name: environments.name });
  const staging = envs.find((e) => e.name === 'staging')!;
  const [session] = await db
    .insert(chatSessions)
    .values({
      workspaceId,
      title: 't',
      environmentId: environment === 'chosen' ? staging.id : null,
    })
    .returning({ id: chatSessions.id });
  const [turn] = await db
    .insert(chatTurns)
    .values({ workspaceId, sessionId: session!.id, message: 'Why is checkout slow?' })
    .returning({ id: chatTurns.id });
  return { workspaceId, turnId: turn!.id, envs };
}

describe('loadInvestigationContext', () => {
  it('builds one client per queryable datasource with its credentials, and names what it cannot use', async () => {
    const { workspaceId, turnId } = await workspaceWithTurn('chosen');
    await db.insert(services).values([
      {
        workspaceId,
        name: 'checkout',
        aliases: ['co'],
        labelMatchers: { prometheus: { job: 'checkout-api' }, loki: { app: 'checkout' } },
      },
      { workspaceId, name: 'orders', description: 'Order API' },
    ]);
    const lokiId = await connect(workspaceId, 'Logs', {
      provider: 'loki',
      url: loki.url,
      auth: { type: 'basic', username: 'reader', password: 's3cret-pass' },
    });
    const grafanaId = await connect(
      workspaceId,
      'Main Grafana',
      { provider: 'grafana', url: grafana.url, token: grafana.token },
      {
        config: {
          datasources: [{ uid: 'prom-uid', name: 'Prom', type: 'prometheus', isDefault: true }],
        },
      },
    );
    await connect(
      workspaceId,
      'Old Prometheus',
      { provider: 'prometheus', url: 'http://127.0.0.1:9', auth: { type: 'none' } },
      { healthStatus: 'failing' },
    );
    await db.insert(integrations).values({ workspaceId, provider: 'datadog', name: 'DD' });

    const context = await loadInvestigationContext({
      db,
      secrets,
      integrationSettings,
      llm: { settings: llmSettings(null), serverApiKey: undefined },
      workspaceId,
      turnId,
    });

    expect(context.services).toEqual([
      {
        name: 'checkout',
        aliases: ['co'],
        description: null,
        labelMatchers: { prometheus: { job: 'checkout-api' }, loki: { app: 'checkout' } },
      },
      { name: 'orders', aliases: [], description: 'Order API', labelMatchers: {} },
    ]);
    expect(context.environment?.name).toBe('staging');
    expect(context.loki.map((s) => [s.id, s.name])).toEqual([[lokiId, 'Logs']]);
    expect(context.prometheus.map((s) => [s.id, s.name])).toEqual([
      [`${grafanaId}:prom-uid`, 'Main Grafana / Prom'],
    ]);
    expect(context.prometheus[0]!.client.endpoint.baseUrl).toBe(
      `${grafana.url}/api/datasources/proxy/uid/prom-uid`,
    );
    expect(context.unavailable).toEqual([
      'DD: The credentials of "DD" are missing: disconnect it and connect it again.',
      'Old Prometheus: the integration is failing its health checks, so it was not queried.',
    ]);
    expect(context.llm).toBeNull();
    // The decrypted credentials are inside the client: the Loki that demands them answers.
    const labels = await context.loki[0]!.client.labels({});
    expect(labels.values).toContain('service_name');
  });

  it('uses the default environment when the session chose none, and the server Groq model when the workspace has no LLM', async () => {
    const { workspaceId, turnId } = await workspaceWithTurn('default');
    const context = await loadInvestigationContext({
      db,
      secrets,
      integrationSettings,
      llm: {
        settings: llmSettings({ provider: 'groq', model: 'llama-3.3-70b-versatile' }),
        serverApiKey: FAKE_LLM_KEYS.groq,
      },
      workspaceId,
      turnId,
    });
    expect(context.environment?.name).toBe('production');
    expect(context.llm).toMatchObject({
      provider: 'groq',
      model: 'llama-3.3-70b-versatile',
      source: 'server_default',
    });
    expect(context.prometheus).toEqual([]);
    llm.reply({ content: 'pong' });
    const answer = await context.llm!.chat.invoke('ping');
    expect(answer.content).toBe('pong');
    expect(llm.requests.at(-1)).toMatchObject({
      provider: 'groq',
      apiKey: FAKE_LLM_KEYS.groq,
      model: 'llama-3.3-70b-versatile',
    });
  });

  it("prefers the workspace's own LLM over the server default", async () => {
    const { workspaceId, turnId } = await workspaceWithTurn('none');
    await db
      .insert(llmConfigs)
      .values({
        workspaceId,
        provider: 'openai',
        model: 'gpt-4o-mini',
        apiKeyEnc: secrets.encryptSecret(FAKE_LLM_KEYS.openai),
        apiKeyLast4: '0002',
      });
    const context = await loadInvestigationContext({
      db,
      secrets,
      integrationSettings,
      llm: {
        settings: llmSettings({ provider: 'groq', model: 'llama-3.3-70b-versatile' }),
        serverApiKey: FAKE_LLM_KEYS.groq,
      },
      workspaceId,
      turnId,
    });
    expect(context.environment).toBeNull();
    expect(context.llm).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      source: 'workspace',
    });
  });
});

describe('recordInvestigationSecurityEvent', () => {
  it('stores the event for the workspace with the turn in its detail', async () => {
    const { workspaceId, turnId } = await workspaceWithTurn('none');
    await recordInvestigationSecurityEvent({
      db,
      kind: 'prompt_injection_blocked',
      workspaceId,
      turnId,
      detail: { by: 'heuristics', signals: ['jailbreak'] },
    });
    const rows = await db
      .select()
      .from(securityEvents)
      .where(
        and(
          eq(securityEvents.workspaceId, workspaceId),
          eq(securityEvents.kind, 'prompt_injection_blocked'),
        ),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toEqual({ by: 'heuristics', signals: ['jailbreak'], turnId });
  });
});
