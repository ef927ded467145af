import { AppError } from '@vibemonitor/contracts';
import { startFakeGrafana } from '@vibemonitor/integrations/testing';
import type { StartedWorker } from '@vibemonitor/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptedInvestigator, startChatWorker } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhooks-receiver.js';

let stack: TestStack;
let worker: StartedWorker;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The receiver is on loopback: allowed explicitly (distributed mode refuses private URLs by default).
  stack = await startTestStack({ worker: false, env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true' } });
  worker = await startChatWorker(
    stack,
    createScriptedInvestigator((question) =>
      question.includes('break')
        ? { events: 1, failWith: new AppError('UNAVAILABLE', 'Prometheus did not answer.') }
        : { events: 1 },
    ),
    {
      // Fast retries and a short deadline so the test sees the whole schedule.
      webhooks: { retryBaseMs: 200, maxAttempts: 3, timeoutMs: 700 },
      integrationHealthChecks: { tickMs: 100, intervalMs: 200 },
    },
  );
  receiver = await startWebhookReceiver();
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await worker?.close(2_000);
  await stack?.close();
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function setup(
  events: Array<'investigation.completed' | 'investigation.failed' | 'integration.health_changed'>,
) {
  const owner = await createSignedInUser(stack);
  const workspaceId = await createTeam(stack, owner, [], 'Hooks');
  const created = await owner.client.webhook.endpoints.create.mutate({
    workspaceId,
    url: receiver.url,
    events,
    description: 'SRE bot',
  });
  receiver.secret = created.secret;
  return { owner, workspaceId, endpoint: created.endpoint, secret: created.secret };
}

async function deliveries(owner: TestUser, workspaceId: string, endpointId: string) {
  return (await owner.client.webhook.deliveries.list.query({ workspaceId, endpointId })).items;
}

describe('outgoing webhooks', () => {
  it('sends investigation.completed, signed the Standard Webhooks way, and logs the response code', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId, endpoint, secret } = await setup([
      'investigation.completed',
      'investigation.failed',
    ]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ url: receiver.url, enabled: true, description: 'SRE bot' });
    expect(
      JSON.stringify(await owner.client.webhook.endpoints.list.query({ workspaceId })),
    ).not.toContain(secret);

    const sent = await owner.client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout slow?',
    });
    const hook = await waitFor('the webhook', () => receiver.received.find((r) => r.verified));
    expect(hook.payload).toMatchObject({
      type: 'investigation.completed',
      data: {
        workspaceId,
        sessionId: sent.sessionId,
        turnId: sent.turnId,
        status: 'completed',
        summary: 'Scripted investigation finished.',
      },
    });
    expect(hook.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Math.abs(Number(hook.timestamp) - Date.now() / 1000)).toBeLessThan(60);

    const log = await waitFor('the delivery log', async () => {
      const items = await deliveries(owner, workspaceId, endpoint.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: hook.id,
      eventType: 'investigation.completed',
      attemptCount: 1,
      lastResponseStatus: 204,
      payload: hook.body,
    });
    expect(log[0]!.attempts).toMatchObject([
      { attempt: 1, manual: false, responseStatus: 204, error: null },
    ]);
  });

  it('sends investigation.failed for a failed investigation', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId } = await setup(['investigation.failed']);
    await owner.client.chat.send.mutate({ workspaceId, message: 'Why is checkout slow?' });
    const failed = await owner.client.chat.send.mutate({ workspaceId, message: 'break it' });
    const hook = await waitFor('the failed webhook', () =>
      receiver.received.find((r) => r.verified),
    );
    expect(hook.payload).toMatchObject({
      type: 'investigation.failed',
      data: { turnId: failed.turnId, status: 'failed', summary: 'Prometheus did not answer.' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Only subscribed events: the completed investigation sent nothing.
    expect(receiver.received.map((r) => r.payload?.type)).toEqual(['investigation.failed']);
  });

  it('retries after 500s and timeouts with growing delays, then succeeds; same webhook-id each time', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId, endpoint } = await setup(['investigation.completed']);
    receiver.script.push('fail', 'hang');
    await owner.client.chat.send.mutate({ workspaceId, message: 'Why is checkout slow?' });
    const log = await waitFor('three attempts', async () => {
      const items = await deliveries(owner, workspaceId, endpoint.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 'hung', 204]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const attempts = log[0]!.attempts;
    expect(attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 500],
      [2, null],
      [3, 204],
    ]);
    expect(attempts[0]!.error).toBe('The endpoint answered HTTP 500.');
    expect(attempts[1]!.error).toMatch(/did not answer within 0.7 s/);
    // Backoff: the second wait (400 ms after a 700 ms timeout) is longer than the first (200 ms).
    const gap1 = attempts[1]!.createdAt.getTime() - attempts[0]!.createdAt.getTime();
    const gap2 = attempts[2]!.createdAt.getTime() - attempts[1]!.createdAt.getTime();
    expect(gap1).toBeGreaterThanOrEqual(200 + 700 - 50);
    expect(gap2).toBeGreaterThanOrEqual(400 - 50);
  });

  it('gives up after the retry limit, and redelivers on demand', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId, endpoint } = await setup(['investigation.completed']);
    receiver.script.push('fail', 'fail', 'fail');
    await owner.client.chat.send.mutate({ workspaceId, message: 'Why is checkout slow?' });
    const failed = await waitFor('the failed delivery', async () => {
      const items = await deliveries(owner, workspaceId, endpoint.id);
      return items[0]?.status === 'failed' ? items[0] : undefined;
    });
    expect(failed).toMatchObject({ attemptCount: 3, lastResponseStatus: 500, nextAttemptAt: null });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(3);

    const again = await owner.client.webhook.deliveries.redeliver.mutate({
      workspaceId,
      deliveryId: failed.id,
    });
    expect(again.attempt).toBe(4);
    const redelivered = await waitFor('the redelivery', async () => {
      const items = await deliveries(owner, workspaceId, endpoint.id);
      return items[0]?.status === 'succeeded' ? items[0] : undefined;
    });
    expect(redelivered.attempts.at(-1)).toMatchObject({
      attempt: 4,
      manual: true,
      responseStatus: 204,
    });
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received[3]!.id).toBe(failed.id);
    expect(receiver.received[3]!.body).toBe(failed.payload);
  });

  it('signs with the rotated secret; a receiver holding the old one rejects it', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId, endpoint, secret } = await setup(['investigation.completed']);
    const rotated = await owner.client.webhook.endpoints.rotateSecret.mutate({
      workspaceId,
      endpointId: endpoint.id,
    });
    expect(rotated.secret).not.toBe(secret);
    receiver.secret = secret;
    await owner.client.chat.send.mutate({ workspaceId, message: 'Why is checkout slow?' });
    const first = await waitFor('an attempt', () => receiver.received[0]);
    expect(first.verified).toBe(false);
    receiver.secret = rotated.secret;
    const ok = await waitFor('a verified retry', () => receiver.received.find((r) => r.verified));
    expect(ok.id).toBe(first.id);
    expect(
      (await deliveries(owner, workspaceId, endpoint.id))[0]!.attempts[0]!.responseStatus,
    ).toBe(401);
  });

  it('sends integration.health_changed when an integration starts failing', async () => {
    receiver.received.length = 0;
    const { owner, workspaceId } = await setup(['integration.health_changed']);
    const grafana = await startFakeGrafana();
    const connected = await owner.client.integration.connect.mutate({
      workspaceId,
      provider: 'grafana',
      name: 'Grafana prod',
      url: grafana.url,
      token: grafana.token,
    });
    expect(connected.check.status).not.toBe('failing');
    await grafana.close();
    const hook = await waitFor('the health webhook', () =>
      receiver.received.find((r) => r.verified && r.payload?.data.status === 'failing'),
    );
    expect(hook.payload).toMatchObject({
      type: 'integration.health_changed',
      data: {
        workspaceId,
        integrationId: connected.integration.id,
        provider: 'grafana',
        name: 'Grafana prod',
        previousStatus: connected.check.status,
        status: 'failing',
      },
    });
  });

  it('applies the SSRF policy and URL rules to endpoint URLs', async () => {
    const owner = await createSignedInUser(stack);
    const workspaceId = await createTeam(stack, owner, [], 'Hooks');
    await expect(
      owner.client.webhook.endpoints.create.mutate({
        workspaceId,
        url: 'http://169.254.169.254/latest/meta-data',
        events: ['investigation.completed'],
      }),
    ).rejects.toThrow(/169\.254\.169\.254|link-local|metadata|not allowed/i);
    await expect(
      owner.client.webhook.endpoints.create.mutate({
        workspaceId,
        url: 'ftp://example.com/x',
        events: ['investigation.completed'],
      }),
    ).rejects.toThrow(/http:\/\/ or https:\/\//);
    await expect(
      owner.client.webhook.endpoints.create.mutate({
        workspaceId,
        url: 'https://user:pw@example.com/x',
        events: ['investigation.completed'],
      }),
    ).rejects.toThrow(/username or password/);
    await expect(
      owner.client.webhook.endpoints.create.mutate({ workspaceId, url: receiver.url, events: [] }),
    ).rejects.toThrow(/at least one event/);
    const created = await owner.client.webhook.endpoints.create.mutate({
      workspaceId,
      url: receiver.url,
      events: ['investigation.completed'],
    });
    await expect(
      owner.client.webhook.endpoints.update.mutate({
        workspaceId,
        endpointId: created.endpoint.id,
        url: 'http://169.254.169.254/',
      }),
    ).rejects.toThrow();
    const off = await owner.client.webhook.endpoints.update.mutate({
      workspaceId,
      endpointId: created.endpoint.id,
      enabled: false,
    });
    expect(off.enabled).toBe(false);
    await owner.client.webhook.endpoints.delete.mutate({
      workspaceId,
      endpointId: created.endpoint.id,
    });
    expect((await owner.client.webhook.endpoints.list.query({ workspaceId })).endpoints).toEqual(
      [],
    );
  });
});
