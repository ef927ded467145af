import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmConfigs } from '@vibemonitor/db';
import { FAKE_LLM_KEYS } from '@vibemonitor/core/testing/llm';
import { startRecordingListener, type RecordingListener } from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/**
 * A workspace's Azure endpoint is user input. With ALLOW_PRIVATE_INTEGRATION_URLS
 * off, llmConfig.put and llmConfig.verify must refuse metadata, private and
 * unresolvable endpoints with a clear message, before any connection is made
 * (the recording listener counts connections).
 */
let stack: TestStack;
let recorder: RecordingListener;
let ada: TestUser;

beforeAll(async () => {
  recorder = await startRecordingListener();
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'false' } });
  ada = await createSignedInUser(stack, { name: 'Ada' });
});
afterAll(async () => {
  await stack?.close();
  await recorder?.close();
});

function azure(workspaceId: string, endpoint: string) {
  return {
    workspaceId,
    provider: 'azure_openai' as const,
    model: 'gpt-4o',
    apiKey: FAKE_LLM_KEYS.azure_openai,
    endpoint,
    deployment: 'incident-gpt',
    apiVersion: '2024-10-21',
  };
}

async function storedRow(workspaceId: string) {
  const [row] = await stack.runtime.database.db
    .select()
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  return row;
}

describe('llmConfig.put with private URLs off', () => {
  it('refuses a cloud metadata endpoint', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const error = await failure(
      ada.client.llmConfig.put.mutate(azure(workspaceId, 'http://169.254.169.254')),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'http://169.254.169.254 points at a link-local/cloud metadata address (169.254.169.254), which is never allowed.',
    );
    expect(await storedRow(workspaceId)).toBeUndefined();
  });

  it('refuses a private endpoint without connecting to it', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const error = await failure(
      ada.client.llmConfig.put.mutate(azure(workspaceId, `http://127.0.0.1:${recorder.port}`)),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(
      /private network address \(127\.0\.0\.1\); set ALLOW_PRIVATE_INTEGRATION_URLS=true/,
    );
    expect(recorder.connections()).toBe(0);
    expect(await storedRow(workspaceId)).toBeUndefined();
  });

  it('refuses an endpoint whose host does not resolve, instead of saving it', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const error = await failure(
      ada.client.llmConfig.put.mutate(azure(workspaceId, 'https://acme.vm-no-such-host.invalid')),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      "The endpoint's host acme.vm-no-such-host.invalid does not resolve: check its name.",
    );
    expect(await storedRow(workspaceId)).toBeUndefined();
  });
});

describe('llmConfig.verify with private URLs off', () => {
  it('refuses a saved endpoint that is (now) private, without connecting', async () => {
    const grace = await createSignedInUser(stack, { name: 'Grace' });
    const workspaceId = grace.personalWorkspaceId;
    // Stored directly: stands for an endpoint saved while public whose name now resolves privately.
    await stack.runtime.database.db.insert(llmConfigs).values({
      workspaceId,
      provider: 'azure_openai',
      model: 'gpt-4o',
      apiKeyEnc: stack.runtime.secrets.encryptSecret(FAKE_LLM_KEYS.azure_openai),
      apiKeyLast4: '0003',
      endpoint: `http://127.0.0.1:${recorder.port}`,
      deployment: 'incident-gpt',
      apiVersion: '2024-10-21',
    });
    const error = await failure(grace.client.llmConfig.verify.mutate({ workspaceId }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/private network address \(127\.0\.0\.1\)/);
    expect(recorder.connections()).toBe(0);
  });
});
