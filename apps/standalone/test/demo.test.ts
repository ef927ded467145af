import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNames } from '@vibemonitor/simulator';
import type { RcaEvent } from '@vibemonitor/contracts';
import {
  DEMO_INTEGRATION_NAME,
  DEMO_NOTE,
  DEMO_WORKSPACE_NAME,
  demoServices,
} from '@vibemonitor/simulator/sources';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { signUpThroughApi } from './auth-helpers.js';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { failure } from './users.js';

/*
 * The demo a newcomer meets on a fresh machine: no Prometheus, no Loki, no
 * model. Sign up, open the demo workspace, ask "Why is checkout slow?", and
 * the real engine answers from the simulator's data (a slow card acquirer
 * behind payments), labelled as demo data. The stack enables the demo
 * explicitly, because the real-services run is in distributed mode.
 */

let stack: TestStack;
let client: VibeMonitorClient;

beforeAll(async () => {
  stack = await startTestStack({ env: { DEMO_WORKSPACE: 'true' } });
  const email = `newcomer-${randomBytes(4).toString('hex')}@example.com`;
  const { token } = await signUpThroughApi(stack, { email, name: 'Newcomer' });
  client = stack.client(token);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const eventsOf = (items: Awaited<ReturnType<typeof streamTurn>>): RcaEvent[] =>
  items.map((item) => item.data.event);

describe('the demo workspace', () => {
  it('is announced in system.info as simulated data', async () => {
    const info = await stack.client().system.info.query();
    expect(info.demo).toEqual({
      available: true,
      workspaceName: DEMO_WORKSPACE_NAME,
      note: DEMO_NOTE,
    });
    expect(info.demo.note).toMatch(/simulat/);
  });

  it('holds the simulated shop: its services and one healthy demo integration, once per user', async () => {
    const first = await client.workspace.createDemo.mutate();
    expect(first).toMatchObject({
      created: true,
      workspace: { name: 'Demo (simulated data)', type: 'team', role: 'owner' },
    });
    const again = await client.workspace.createDemo.mutate();
    expect(again).toMatchObject({ created: false, workspace: { id: first.workspace.id } });

    const workspaceId = first.workspace.id;
    const { items: services } = await client.service.list.query({ workspaceId });
    expect(services.map((s) => s.name).sort()).toEqual([...serviceNames].sort());
    expect(services.every((s) => s.description?.endsWith('(simulated)'))).toBe(true);
    const { integrations } = await client.integration.list.query({ workspaceId });
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({
      provider: 'demo',
      name: DEMO_INTEGRATION_NAME,
      url: null,
      health: { status: 'healthy' },
    });
    expect(integrations[0]!.name).toMatch(/simulated/);
  });

  it('answers "Why is checkout slow?" with the slow dependency behind payments, from demo data', async () => {
    const { workspace } = await client.workspace.createDemo.mutate();
    const { turnId } = await client.chat.send.mutate({
      workspaceId: workspace.id,
      message: 'Why is checkout slow?',
    });
    const events = eventsOf(
      await streamTurn(client, { workspaceId: workspace.id, turnId }, { timeoutMs: 60_000 }),
    );
    const complete = events.at(-1);
    if (complete?.type !== 'complete')
      throw new Error(`expected complete, got ${JSON.stringify(complete)}`);
    const { report, usage } = complete;

    expect(report.analyst).toBe('deterministic');
    expect(report.rootCause?.service).toBe('payments');
    expect(report.rootCause?.confidence).not.toBe('low');
    expect(report.rootCause?.cause).toMatch(/latency|slow/i);
    const ids = new Set(report.evidence.map((e) => e.id));
    expect(report.rootCause?.evidenceIds.length).toBeGreaterThan(0);
    expect(report.rootCause?.evidenceIds.every((id) => ids.has(id))).toBe(true);
    // The acquirer's slow calls are in the evidence (log pattern), and the report says it is demo data.
    expect(JSON.stringify(report.evidence)).toMatch(/acquirer/);
    expect(report.notChecked).toContain(DEMO_NOTE);
    expect(events.filter((e) => e.type === 'finding').length).toBeGreaterThanOrEqual(5);
    expect(usage).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });

  it('matches the simulator it stands for', () => {
    expect(demoServices.map((s) => s.name).sort()).toEqual([...serviceNames].sort());
  });
});

describe('a server without the demo', () => {
  it('refuses workspace.createDemo and says so in system.info', async () => {
    const off = await startTestStack({ worker: false, env: { DEMO_WORKSPACE: 'false' } });
    try {
      expect((await off.client().system.info.query()).demo.available).toBe(false);
      const email = `nodemo-${randomBytes(4).toString('hex')}@example.com`;
      const { token } = await signUpThroughApi(off, { email, name: 'No demo' });
      const error = await failure(off.client(token).workspace.createDemo.mutate());
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toMatch(/DEMO_WORKSPACE=true/);
    } finally {
      await off.close();
    }
  });
});
