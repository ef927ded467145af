import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '@vibemonitor/auth';
import { llmConfigs, workspaces, type Database } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import { createChatModel } from './create-chat-model.js';
import type { LlmSettings } from './llm-settings.js';
import { resolveChatModelConfig } from './resolve-chat-model-config.js';
import {
  FAKE_LLM_KEYS,
  startFakeLlmServer,
  type FakeLlmServer,
} from './testing/fake-llm-server.js';

const secrets = createSecretBox({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });
let testDb: TestDatabase;
let db: Database;
let fake: FakeLlmServer;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  fake = await startFakeLlmServer();
});
afterAll(async () => {
  await fake?.close();
  await testDb?.drop();
});

async function workspace(): Promise<string> {
  const [row] = await db
    .insert(workspaces)
    .values({ name: 'w', type: 'team' })
    .returning({ id: workspaces.id });
  return row!.id;
}

function settings(overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    serverDefault: { provider: 'groq', model: 'llama-3.1-8b-instant' },
    baseUrls: { groq: fake.baseUrlFor('groq'), gemini: fake.baseUrlFor('gemini') },
    allowPrivateEndpoints: true,
    verifyTimeoutMs: 5_000,
    ...overrides,
  };
}

describe('resolveChatModelConfig', () => {
  it("prefers the workspace's own LLM, decrypting its key and applying the base URL override", async () => {
    const workspaceId = await workspace();
    await db.insert(llmConfigs).values({
      workspaceId,
      provider: 'gemini',
      model: 'gemini-2.0-flash',
      apiKeyEnc: secrets.encryptSecret(FAKE_LLM_KEYS.gemini),
      apiKeyLast4: '0004',
    });
    const resolved = await resolveChatModelConfig({
      db,
      secrets,
      settings: settings(),
      workspaceId,
      serverDefaultApiKey: 'gsk_server',
    });
    expect(resolved).toEqual({
      source: 'workspace',
      config: {
        provider: 'gemini',
        model: 'gemini-2.0-flash',
        apiKey: FAKE_LLM_KEYS.gemini,
        endpoint: null,
        deployment: null,
        apiVersion: null,
        baseUrlOverride: fake.baseUrlFor('gemini'),
        network: { allowPrivate: true },
      },
    });
    fake.reply({ content: 'from gemini' });
    expect(
      (await createChatModel({ ...resolved!.config, maxRetries: 0 }).invoke('hi')).content,
    ).toBe('from gemini');
  });

  it('falls back to the server default Groq model, then to none', async () => {
    const workspaceId = await workspace();
    const resolved = await resolveChatModelConfig({
      db,
      secrets,
      settings: settings(),
      workspaceId,
      serverDefaultApiKey: FAKE_LLM_KEYS.groq,
    });
    expect(resolved).toEqual({
      source: 'server_default',
      config: {
        provider: 'groq',
        model: 'llama-3.1-8b-instant',
        apiKey: FAKE_LLM_KEYS.groq,
        baseUrlOverride: fake.baseUrlFor('groq'),
        network: { allowPrivate: true },
      },
    });
    fake.reply({ content: 'from groq' });
    expect(
      (await createChatModel({ ...resolved!.config, maxRetries: 0 }).invoke('hi')).content,
    ).toBe('from groq');

    expect(
      await resolveChatModelConfig({
        db,
        secrets,
        settings: settings({ serverDefault: null }),
        workspaceId,
        serverDefaultApiKey: undefined,
      }),
    ).toBeNull();
  });
});
