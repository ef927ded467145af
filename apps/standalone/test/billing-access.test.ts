import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BILLING_NOT_CONFIGURED } from '@vibemonitor/core';
import { runAdminCommand } from '../src/admin-command.js';
import {
  createServices,
  deliver,
  deliverAll,
  startBillingStack,
  subscribe,
  type BillingStack,
} from './billing-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

// Stripe round trips plus real databases on a shared 2-core machine: give each test room.
vi.setConfig({ testTimeout: 120_000 });
let b: BillingStack;
let plain: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  b = await startBillingStack();
  plain = await startTestStack({ worker: false });
  owner = await createSignedInUser(b.stack, { name: 'Owner' });
  member = await createSignedInUser(b.stack, { name: 'Member' });
  outsider = await createSignedInUser(b.stack, { name: 'Outsider' });
}, 240_000);
afterAll(async () => {
  await b?.close();
  await plain?.close();
});

describe('members and owners', () => {
  it('lets members read subscription and usage, and only owners act', async () => {
    const workspaceId = await createTeam(b.stack, owner, [{ user: member }], 'Roles');
    await subscribe(b, owner, workspaceId);
    expect((await member.client.billing.usage.query({ workspaceId })).plan.id).toBe('pro');
    expect(
      (await member.client.billing.subscription.query({ workspaceId })).subscription?.status,
    ).toBe('active');
    const calls = [
      () => member.client.billing.checkout.mutate({ workspaceId }),
      () => member.client.billing.portal.mutate({ workspaceId }),
      () => member.client.billing.cancel.mutate({ workspaceId }),
      () => member.client.billing.changeServiceCount.mutate({ workspaceId, additionalServices: 1 }),
      () => member.client.billing.invoices.query({ workspaceId }),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe('Only workspace owners can do this.');
    }
    // Nothing changed.
    expect(
      (await owner.client.billing.subscription.query({ workspaceId })).subscription,
    ).toMatchObject({
      cancelAtPeriodEnd: false,
      additionalServices: 0,
    });
  });
});

describe('isolation between workspaces', () => {
  it("keeps one workspace's payment from lifting another's limits, and hides it from outsiders", async () => {
    const paid = await createTeam(b.stack, owner, [], 'Paid');
    const other = await createTeam(b.stack, owner, [], 'Other');
    await subscribe(b, owner, paid);
    expect((await owner.client.billing.usage.query({ workspaceId: paid })).plan.id).toBe('pro');
    expect((await owner.client.billing.usage.query({ workspaceId: other })).plan.id).toBe('free');
    await createServices(owner, other, 5);
    expect(
      (await failure(owner.client.service.create.mutate({ workspaceId: other, name: 'sixth' })))
        .code,
    ).toBe('PAYMENT_REQUIRED');

    for (const call of [
      () => outsider.client.billing.usage.query({ workspaceId: paid }),
      () => outsider.client.billing.subscription.query({ workspaceId: paid }),
      () => outsider.client.billing.invoices.query({ workspaceId: paid }),
    ]) {
      expect((await failure(call())).code).toBe('FORBIDDEN');
    }
    // The outsider's own workspace is untouched.
    expect(
      (await outsider.client.billing.usage.query({ workspaceId: outsider.personalWorkspaceId }))
        .plan.id,
    ).toBe('free');
  });

  it('ignores a subscription whose customer is unknown and whose metadata names no existing workspace', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Stray');
    const { sessionId } = await owner.client.billing.checkout.mutate({ workspaceId });
    b.stripe.takeEvents();
    const { subscriptionId } = b.stripe.completeCheckout(sessionId);
    // Forge Stripe-side metadata pointing at nothing and a customer we never created.
    const sub = b.stripe.subscriptions.get(subscriptionId)!;
    sub.metadata = { workspace_id: '00000000-0000-4000-8000-000000000000' };
    sub.customer = 'cus_unknown';
    const events = b.stripe.takeEvents();
    const results = await deliverAll(b.stack, events);
    expect(results.map((r) => r.body.outcome)).toEqual(['ignored', 'ignored', 'ignored']);
    expect((await owner.client.billing.usage.query({ workspaceId })).plan.id).toBe('free');
  });
});

describe('the admin command', () => {
  it('sets a workspace plan from the command line, and limits follow at the next check', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Self-hosted');
    await createServices(owner, workspaceId, 5);
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    await runAdminCommand(['set-plan', workspaceId, 'pro'], {
      db: b.stack.runtime.database.db,
      print,
    });
    expect(lines).toEqual([`Workspace "Self-hosted" (${workspaceId}): plan free -> pro.`]);
    await expect(
      owner.client.service.create.mutate({ workspaceId, name: 'sixth' }),
    ).resolves.toMatchObject({ name: 'sixth' });
    expect(await owner.client.billing.usage.query({ workspaceId })).toMatchObject({
      plan: { id: 'pro', source: 'workspace' },
      status: null,
      services: { used: 6, limit: 10 },
    });
    // Already Pro by the administrator's hand: no checkout.
    expect((await failure(owner.client.billing.checkout.mutate({ workspaceId }))).message).toMatch(
      /set by an administrator/,
    );

    lines.length = 0;
    await runAdminCommand(['show-plan', workspaceId], { db: b.stack.runtime.database.db, print });
    expect(lines[0]).toBe(
      `Workspace "Self-hosted" (${workspaceId}): own plan pro; limits now from pro (workspace).`,
    );

    await runAdminCommand(['set-plan', workspaceId, 'free'], {
      db: b.stack.runtime.database.db,
      print,
    });
    expect((await owner.client.billing.usage.query({ workspaceId })).services).toMatchObject({
      used: 6,
      limit: 5,
      investigated: 5,
    });

    await expect(
      runAdminCommand(['set-plan', workspaceId, 'gold'], {
        db: b.stack.runtime.database.db,
        print,
      }),
    ).rejects.toThrow('No plan "gold" (plans: free, pro).');
    await expect(
      runAdminCommand(['set-plan', 'not-a-uuid', 'pro'], {
        db: b.stack.runtime.database.db,
        print,
      }),
    ).rejects.toThrow(/A workspace id \(a UUID\) is required/);
    await expect(
      runAdminCommand(['frobnicate'], { db: b.stack.runtime.database.db, print }),
    ).rejects.toThrow(/Unknown command "frobnicate"/);
  });
});

describe('a server without Stripe keys', () => {
  it('answers every billing action with "billing is not configured", and the plans table decides limits', async () => {
    const alice = await createSignedInUser(plain, { name: 'Self-hoster' });
    const workspaceId = alice.personalWorkspaceId;
    const actions = [
      () => alice.client.billing.checkout.mutate({ workspaceId }),
      () => alice.client.billing.portal.mutate({ workspaceId }),
      () => alice.client.billing.cancel.mutate({ workspaceId }),
      () => alice.client.billing.changeServiceCount.mutate({ workspaceId, additionalServices: 1 }),
      () => alice.client.billing.invoices.query({ workspaceId }),
    ];
    for (const action of actions) {
      const error = await failure(action());
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toBe(BILLING_NOT_CONFIGURED);
    }
    expect(BILLING_NOT_CONFIGURED).toMatch(/^Billing is not configured on this server/);
    // Reads still describe the limits that apply (from the plans table).
    expect(await plain.client().billing.plans.query()).toMatchObject({
      billingConfigured: false,
      plans: [
        { id: 'free', includedServices: 5, price: null },
        { id: 'pro', includedServices: 10, price: null },
      ],
    });
    expect(await alice.client.billing.usage.query({ workspaceId })).toMatchObject({
      billingConfigured: false,
      plan: { id: 'free' },
      services: { limit: 5 },
      investigations: { limit: 10 },
    });
    const webhook = await deliver(plain, { id: 'evt_1', type: 'invoice.paid' });
    expect(webhook.status).toBe(404);
    expect(webhook.body.error?.message).toBe(BILLING_NOT_CONFIGURED);

    await runAdminCommand(['set-plan', workspaceId, 'pro'], {
      db: plain.runtime.database.db,
      print: () => undefined,
    });
    expect((await alice.client.billing.usage.query({ workspaceId })).plan).toEqual({
      id: 'pro',
      name: 'Pro',
      source: 'workspace',
    });
  });
});
