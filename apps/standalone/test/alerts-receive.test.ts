import { createHmac } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertGroups, chatTurns } from '@vibemonitor/db';
import type { WorkspaceNotification } from '@vibemonitor/sdk';
import { alertmanagerExample, alertmanagerResolved, grafanaExample } from './alerts-payloads.js';
import { collectSubscription, startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

async function postAlert(
  url: string,
  body: unknown,
  auth: { bearer?: string; hmacKey?: string; signature?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth.hmacKey)
    headers['x-vibemonitor-signature'] =
      `sha256=${createHmac('sha256', auth.hmacKey).update(raw).digest('hex')}`;
  if (auth.signature) headers['x-vibemonitor-signature'] = auth.signature;
  const res = await fetch(url, { method: 'POST', headers, body: raw });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function waitForTurn(owner: TestUser, workspaceId: string, turnId: string) {
  for (let i = 0; i < 150; i++) {
    const turn = await owner.client.chat.turns.get.query({ workspaceId, turnId });
    if (turn.status === 'completed' || turn.status === 'failed') return turn;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`turn ${turnId} did not finish`);
}

async function storedCounts(workspaceId: string) {
  const db = stack.runtime.database.db;
  const [groups] = await db
    .select({ n: count() })
    .from(alertGroups)
    .where(eq(alertGroups.workspaceId, workspaceId));
  const [turns] = await db
    .select({ n: count() })
    .from(chatTurns)
    .where(eq(chatTurns.workspaceId, workspaceId));
  return { groups: groups!.n, turns: turns!.n };
}

async function setup() {
  const owner = await createSignedInUser(stack);
  const workspaceId = await createTeam(stack, owner, [], 'Alerts');
  const created = await owner.client.alert.endpoints.create.mutate({
    workspaceId,
    name: 'Prometheus prod',
  });
  return { owner, workspaceId, endpoint: created.endpoint, secret: created.secret };
}

describe('alert endpoints', () => {
  it('are managed by owners: the secret is shown once, the URL points at this server', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    expect(secret).toMatch(/^vmas_[A-Za-z0-9_-]{43}$/);
    expect(endpoint.url).toBe(`${stack.url}/api/v1/alerts/${endpoint.id}`);
    expect(endpoint.secretLast4).toBe(secret.slice(-4));
    const listed = await owner.client.alert.endpoints.list.query({ workspaceId });
    expect(listed.endpoints).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const member = await createSignedInUser(stack);
    const team = await createTeam(stack, owner, [{ user: member }], 'Alerts team');
    await expect(
      member.client.alert.endpoints.create.mutate({ workspaceId: team, name: 'x' }),
    ).rejects.toThrow(/Only workspace owners/);
  });

  it('start one investigation from the Alertmanager documentation example, with source "alert"', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    const notifications = collectSubscription<WorkspaceNotification>(
      (handlers) => owner.client.notification.stream.subscribe({ workspaceId }, handlers),
      { until: (events) => events.some((e) => e.kind === 'alert_firing'), timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const first = await postAlert(endpoint.url, alertmanagerExample, { bearer: secret });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ ok: true, outcome: 'started' });
    const turnId = first.json.turnId as string;

    const turn = await waitForTurn(owner, workspaceId, turnId);
    expect(turn.source).toBe('alert');
    expect(turn.status).toBe('completed');
    expect(turn.message).toContain('Alert "ProbeFailure" is firing');
    expect(turn.message).toContain('severity critical');
    expect(turn.message).toContain('service http_checks');
    expect(turn.message).toContain('since 2023-02-06T13:08:45.828Z');
    expect(turn.message).toContain('BlackBox Probe Failure: https://server.example.org');

    const session = await owner.client.chat.sessions.get.query({
      workspaceId,
      sessionId: first.json.sessionId as string,
    });
    expect(session.turns.map((t) => t.source)).toEqual(['alert']);

    const events = await notifications;
    expect(events.find((e) => e.kind === 'alert_firing')).toMatchObject({
      kind: 'alert_firing',
      turnId,
      title: 'ProbeFailure',
      service: 'http_checks',
      startsAt: '2023-02-06T13:08:45.828Z',
    });

    // Alertmanager repeats the group (repeat_interval): counted, no second investigation.
    const repeat = await postAlert(endpoint.url, alertmanagerExample, { bearer: secret });
    expect(repeat.json).toMatchObject({ outcome: 'duplicate', turnId });
    const groups = await owner.client.alert.groups.list.query({ workspaceId });
    expect(groups.items).toHaveLength(1);
    expect(groups.items[0]).toMatchObject({
      status: 'firing',
      format: 'alertmanager',
      title: 'ProbeFailure',
      service: 'http_checks',
      receivedCount: 2,
      investigationCount: 1,
      turnId,
      startsAt: new Date('2023-02-06T13:08:45.828Z'),
    });
    expect(await storedCounts(workspaceId)).toEqual({ groups: 1, turns: 1 });

    // Resolved, then firing again: a new incident, a new investigation.
    const resolved = await postAlert(endpoint.url, alertmanagerResolved(), { bearer: secret });
    expect(resolved.json).toMatchObject({ outcome: 'resolved', groupId: groups.items[0]!.id });
    const afterResolve = await owner.client.alert.groups.list.query({ workspaceId });
    expect(afterResolve.items[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(Date),
    });
    const again = await postAlert(endpoint.url, alertmanagerExample, { bearer: secret });
    expect(again.json).toMatchObject({ outcome: 'started' });
    expect(again.json.turnId).not.toBe(turnId);
    const reopened = await owner.client.alert.groups.list.query({ workspaceId });
    expect(reopened.items[0]).toMatchObject({
      status: 'firing',
      resolvedAt: null,
      investigationCount: 2,
    });
    expect(await storedCounts(workspaceId)).toEqual({ groups: 1, turns: 2 });
  });

  it('ignores a resolved notification for a group never seen firing', async () => {
    const { endpoint, secret, workspaceId } = await setup();
    const res = await postAlert(endpoint.url, alertmanagerResolved(), { bearer: secret });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ outcome: 'ignored' });
    expect(await storedCounts(workspaceId)).toEqual({ groups: 0, turns: 0 });
  });

  it('accepts the Grafana documentation example, HMAC-signed', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    const res = await postAlert(endpoint.url, grafanaExample, { hmacKey: secret });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ outcome: 'started' });
    const turn = await owner.client.chat.turns.get.query({
      workspaceId,
      turnId: res.json.turnId as string,
    });
    expect(turn.source).toBe('alert');
    expect(turn.message).toContain('Alert "High memory usage" is firing');
    expect(turn.message).toContain('since 2021-10-12T07:51:03.157Z');
    expect(turn.message).toContain('2 alerts in the group');
    const groups = await owner.client.alert.groups.list.query({ workspaceId });
    expect(groups.items[0]).toMatchObject({
      format: 'grafana',
      title: 'High memory usage',
      service: null,
    });
    // The same group again (same groupKey): a duplicate.
    const repeat = await postAlert(endpoint.url, grafanaExample, { bearer: secret });
    expect(repeat.json).toMatchObject({ outcome: 'duplicate' });
  });

  it('maps a generic alert to the workspace environment its labels name', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    const production = await owner.client.environment.create.mutate({
      workspaceId,
      name: 'Production',
    });
    const res = await postAlert(
      endpoint.url,
      {
        title: 'Checkout error rate above 5%',
        service: 'checkout',
        environment: 'production',
        severity: 'page',
        summary: 'checkout 5xx ratio is 12% over 5 minutes',
        startsAt: '2026-12-07T15:00:00Z',
      },
      { bearer: secret },
    );
    expect(res.status).toBe(202);
    const session = await owner.client.chat.sessions.get.query({
      workspaceId,
      sessionId: res.json.sessionId as string,
    });
    expect(session.environmentId).toBe(production.id);
    expect(session.turns[0]!.message).toContain(
      'service checkout, environment production, since 2026-12-07T15:00:00.000Z',
    );
  });

  it('answers 400 with the offending fields for invalid payloads, and stores nothing', async () => {
    const { endpoint, secret, workspaceId } = await setup();
    const notJson = await postAlert(endpoint.url, '{"receiver":', { bearer: secret });
    expect(notJson).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED', message: 'The body is not valid JSON.' } },
    });
    const badVersion = await postAlert(
      endpoint.url,
      { ...alertmanagerExample, version: '3' },
      { bearer: secret },
    );
    expect(badVersion.status).toBe(400);
    expect((badVersion.json.error as { message: string }).message).toMatch(
      /^Invalid Alertmanager webhook payload: version: Alertmanager payloads must have version "4"/,
    );
    const badTime = await postAlert(
      endpoint.url,
      {
        ...alertmanagerExample,
        alerts: [{ ...alertmanagerExample.alerts[0], startsAt: 'yesterday' }],
      },
      { bearer: secret },
    );
    expect((badTime.json.error as { message: string }).message).toContain('alerts.0.startsAt');
    const generic = await postAlert(endpoint.url, { summary: 'no title' }, { bearer: secret });
    expect(generic.status).toBe(400);
    expect((generic.json.error as { message: string }).message).toContain('title');
    expect(await storedCounts(workspaceId)).toEqual({ groups: 0, turns: 0 });
  });

  it('refuses missing, wrong and stale secrets with 401 and stores nothing; rotation swaps the secret', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    const cases = [
      await postAlert(endpoint.url, alertmanagerExample),
      await postAlert(endpoint.url, alertmanagerExample, { bearer: `${secret}x` }),
      await postAlert(endpoint.url, alertmanagerExample, { hmacKey: 'not-the-secret' }),
      await postAlert(endpoint.url, alertmanagerExample, { signature: 'sha256=00' }),
    ];
    for (const c of cases)
      expect(c).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
    expect(await storedCounts(workspaceId)).toEqual({ groups: 0, turns: 0 });

    const rotated = await owner.client.alert.endpoints.rotateSecret.mutate({
      workspaceId,
      endpointId: endpoint.id,
    });
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.secretRotatedAt).toBeInstanceOf(Date);
    expect((await postAlert(endpoint.url, alertmanagerExample, { bearer: secret })).status).toBe(
      401,
    );
    expect((await postAlert(endpoint.url, alertmanagerExample, { hmacKey: secret })).status).toBe(
      401,
    );
    expect(await storedCounts(workspaceId)).toEqual({ groups: 0, turns: 0 });
    expect(
      (await postAlert(endpoint.url, alertmanagerExample, { bearer: rotated.secret })).status,
    ).toBe(202);
    expect(await storedCounts(workspaceId)).toEqual({ groups: 1, turns: 1 });
  });

  it('refuses alerts while disabled, 404s unknown endpoints, and deletes', async () => {
    const { owner, workspaceId, endpoint, secret } = await setup();
    const off = await owner.client.alert.endpoints.update.mutate({
      workspaceId,
      endpointId: endpoint.id,
      enabled: false,
    });
    expect(off.enabled).toBe(false);
    const refused = await postAlert(endpoint.url, alertmanagerExample, { bearer: secret });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'FORBIDDEN' } } });
    expect(await storedCounts(workspaceId)).toEqual({ groups: 0, turns: 0 });
    await owner.client.alert.endpoints.update.mutate({
      workspaceId,
      endpointId: endpoint.id,
      enabled: true,
    });
    expect((await postAlert(endpoint.url, alertmanagerExample, { bearer: secret })).status).toBe(
      202,
    );

    const unknown = await postAlert(
      `${stack.url}/api/v1/alerts/00000000-0000-4000-8000-000000000000`,
      alertmanagerExample,
      { bearer: secret },
    );
    expect(unknown.status).toBe(404);
    expect(
      (
        await postAlert(`${stack.url}/api/v1/alerts/not-a-uuid`, alertmanagerExample, {
          bearer: secret,
        })
      ).status,
    ).toBe(404);

    await owner.client.alert.endpoints.delete.mutate({ workspaceId, endpointId: endpoint.id });
    expect((await postAlert(endpoint.url, alertmanagerExample, { bearer: secret })).status).toBe(
      404,
    );
    expect((await owner.client.alert.endpoints.list.query({ workspaceId })).endpoints).toEqual([]);
    // The investigation it started stays in the chat history.
    expect((await storedCounts(workspaceId)).turns).toBe(1);
  });

  it("never lets one workspace's secret open another workspace's endpoint", async () => {
    const a = await setup();
    const b = await setup();
    const res = await postAlert(a.endpoint.url, alertmanagerExample, { bearer: b.secret });
    expect(res.status).toBe(401);
    expect(await storedCounts(a.workspaceId)).toEqual({ groups: 0, turns: 0 });
  });
});
