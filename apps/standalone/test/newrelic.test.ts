import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedNewrelic, type SimulatedNewrelic } from '@vibemonitor/agent/testing';
import type { RcaEvent } from '@vibemonitor/contracts';
import { newrelicCredentials } from '@vibemonitor/db';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/*
 * New Relic end to end through the SDK against the NerdGraph fake
 * (NEW_RELIC_API_URL): connect with region, account id and User key (the
 * key encrypted at rest), failures named, and an investigation on a
 * New-Relic-only workspace whose evidence comes from NRQL queries.
 */

let newrelic: SimulatedNewrelic;
let stack: TestStack;
let owner: TestUser;
let workspaceId: string;

beforeAll(async () => {
  const faultStart = Math.floor(Date.now() / 60_000) * 60 - 30 * 60;
  newrelic = await startSimulatedNewrelic('memory-leak-oom', { faultStart });
  stack = await startTestStack({
    env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true', NEW_RELIC_API_URL: newrelic.newrelic.url },
  });
  owner = await createSignedInUser(stack, { name: 'On-call' });
  workspaceId = owner.personalWorkspaceId;
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await newrelic?.close();
});

describe('New Relic integration', () => {
  it('names a wrong key, a wrong account and a malformed account id; saves nothing', async () => {
    const badKey = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'newrelic',
        region: 'EU',
        accountId: String(newrelic.accountId),
        apiKey: 'NRAK-WRONG',
      }),
    );
    expect(badKey.message).toMatch(/rejected the API key/);
    const { check } = await owner.client.integration.test.mutate({
      workspaceId,
      provider: 'newrelic',
      region: 'EU',
      accountId: '42',
      apiKey: newrelic.apiKey,
    });
    expect(check.message).toMatch(/account 42 is not visible to this key/);
    const malformed = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'newrelic',
        region: 'EU',
        accountId: '1 OR accountId = 2',
        apiKey: newrelic.apiKey,
      }),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(await owner.client.integration.list.query({ workspaceId })).toEqual({
      integrations: [],
    });
  });

  it('connects with the key encrypted, and investigates from New Relic data', async () => {
    const { integration, check } = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'New Relic prod',
      provider: 'newrelic',
      region: 'EU',
      accountId: String(newrelic.accountId),
      apiKey: newrelic.apiKey,
    });
    expect(check.status).toBe('healthy');
    const [row] = await stack.runtime.database.db
      .select()
      .from(newrelicCredentials)
      .where(eq(newrelicCredentials.integrationId, integration.id));
    expect(row).toMatchObject({ region: 'EU', accountId: String(newrelic.accountId) });
    expect(row?.apiKeyEnc).not.toContain(newrelic.apiKey);

    const { turnId } = await owner.client.chat.send.mutate({
      workspaceId,
      message: 'Why are orders failing?',
    });
    const items = await streamTurn(owner.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
    const complete = items.map((item) => item.data.event as RcaEvent).at(-1);
    if (complete?.type !== 'complete') throw new Error('expected a complete event');
    const { report } = complete;
    expect(report.rootCause).toMatchObject({ service: 'orders', confidence: 'high' });
    expect(report.rootCause?.cause).toMatch(/OOM/);
    const withData = (report.queries ?? []).filter((q) => q.outcome === 'data');
    expect(withData.length).toBeGreaterThan(5);
    expect(withData.every((q) => q.source.startsWith('New Relic prod'))).toBe(true);
    expect(
      newrelic.newrelic.queries.some((q) => q.includes("FROM Log WHERE service = 'orders'")),
    ).toBe(true);
  });
});
