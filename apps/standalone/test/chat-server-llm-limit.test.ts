import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaces } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/*
 * Workspaces on the server's shared model (GROQ_API_KEY) get 30 investigations
 * an hour; a workspace with its own model key is exempt. No worker runs here:
 * the limit is spent when a question is sent, before any model is called.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ worker: false, env: { GROQ_API_KEY: 'gsk_server_default_key' } });
});
afterAll(async () => {
  await stack?.close();
});

/** A signed-in user whose personal workspace is on Pro (100 a day), so the plan quota is not what stops them. */
async function proUser(): Promise<TestUser> {
  const user = await createSignedInUser(stack);
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId: 'pro' })
    .where(eq(workspaces.id, user.personalWorkspaceId));
  return user;
}

async function sendMany(user: TestUser, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await user.client.chat.send.mutate({
      workspaceId: user.personalWorkspaceId,
      message: `Question ${i}`,
    });
  }
}

describe("the server model's hourly allowance", () => {
  it('refuses the 31st investigation in an hour on the shared server model', async () => {
    const user = await proUser();
    await sendMany(user, 30);
    const limited = await failure(
      user.client.chat.send.mutate({ workspaceId: user.personalWorkspaceId, message: 'One more' }),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.details).toMatchObject({
      limit: 'server_llm_workspace',
      retryAfterSeconds: expect.any(Number),
    });
    expect(limited.message).toContain(
      'add your own model key in the LLM settings to lift this limit',
    );
  });

  it('does not limit a workspace that brought its own model key', async () => {
    const user = await proUser();
    await user.client.llmConfig.put.mutate({
      workspaceId: user.personalWorkspaceId,
      provider: 'openai',
      model: 'gpt-4o-mini',
      apiKey: 'sk-workspace-own-key-123456',
    });
    await sendMany(user, 31);
    const sessions = await user.client.chat.sessions.list.query({
      workspaceId: user.personalWorkspaceId,
      limit: 50,
    });
    expect(sessions.items).toHaveLength(31);
  });
});
