import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadInvestigationContext } from '@vibemonitor/core';
import {
  createServices,
  deliverAll,
  EXTRA_SERVICE_PRICE,
  startBillingStack,
  subscribe,
  type BillingStack,
} from './billing-helpers.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

// About 26 seconds of grace: long enough to see Pro hold on a loaded machine, short enough to see it end.
const GRACE_DAYS = '0.0003';

// Stripe round trips plus real databases on a shared 2-core machine: give each test room.
vi.setConfig({ testTimeout: 120_000 });
let b: BillingStack;
let owner: TestUser;

beforeAll(async () => {
  b = await startBillingStack({ BILLING_GRACE_DAYS: GRACE_DAYS });
  owner = await createSignedInUser(b.stack, { name: 'Lifecycle owner' });
}, 180_000);
afterAll(async () => {
  await b?.close();
});

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** What an investigation of the workspace would cover (the worker's own loader). */
async function investigatedServices(
  workspaceId: string,
): Promise<{ names: string[]; unavailable: string[] }> {
  const deps = b.stack.server.deps;
  const context = await loadInvestigationContext({
    db: deps.db,
    secrets: deps.secrets,
    integrationSettings: deps.integrations,
    llm: { settings: deps.llm, serverApiKey: undefined },
    workspaceId,
    turnId: randomUUID(),
  });
  return { names: context.services.map((s) => s.name).sort(), unavailable: context.unavailable };
}

describe('payment failure -> past_due -> grace -> Free', () => {
  it('keeps Pro during the grace period, then behaves as Free without deleting anything', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Grace');
    const { subscriptionId } = await subscribe(b, owner, workspaceId);
    await createServices(owner, workspaceId, 8);

    const failed = b.stripe.failPayment(subscriptionId);
    expect(failed.map((e) => e.type)).toEqual([
      'invoice.payment_failed',
      'customer.subscription.updated',
    ]);
    await deliverAll(b.stack, failed);
    const during = await owner.client.billing.usage.query({ workspaceId });
    expect(during).toMatchObject({
      plan: { id: 'pro', source: 'subscription' },
      status: 'past_due',
    });
    expect(during.graceEndsAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(during.notice).toMatch(/^The last payment failed: Pro limits hold until/);

    const after = await waitFor(
      () => owner.client.billing.usage.query({ workspaceId }),
      (u) => u.plan.id === 'free',
    );
    expect(after).toMatchObject({
      plan: { id: 'free', source: 'workspace' },
      status: 'past_due',
      services: { used: 8, limit: 5, investigated: 5 },
      investigations: { limit: 10 },
    });
    expect(after.notice).toMatch(
      /8 services, more than the Free plan's 5: they all stay readable, but investigations cover only the first 5/,
    );
    expect(after.notice).toMatch(/grace period ended/);

    // Nothing deleted: all 8 are listed; a new one is refused with the reason.
    expect((await owner.client.service.list.query({ workspaceId })).items).toHaveLength(8);
    const refused = await failure(
      owner.client.service.create.mutate({ workspaceId, name: 'ninth' }),
    );
    expect(refused.code).toBe('PAYMENT_REQUIRED');
    expect(refused.message).toMatch(
      /The Free plan allows 5 services and this workspace has 8\..*grace period ended/,
    );

    // Investigations cover the first five by creation date, and say why the rest were left out.
    const covered = await investigatedServices(workspaceId);
    expect(covered.names).toEqual(['svc-1', 'svc-2', 'svc-3', 'svc-4', 'svc-5']);
    expect(covered.unavailable.join('\n')).toMatch(
      /Services beyond the Free plan's 5 \(svc-6, svc-7, svc-8\): not investigated/,
    );

    // Paying the open invoice restores Pro.
    await deliverAll(b.stack, b.stripe.payOpenInvoice(subscriptionId));
    const restored = await owner.client.billing.usage.query({ workspaceId });
    expect(restored).toMatchObject({
      plan: { id: 'pro' },
      status: 'active',
      graceEndsAt: null,
      notice: null,
    });
    expect((await investigatedServices(workspaceId)).names).toHaveLength(8);
  });
});

describe('billing.cancel', () => {
  it('cancels at the end of the period by default: Pro until then, Free after', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Cancel later');
    const { subscriptionId } = await subscribe(b, owner, workspaceId);
    const view = await owner.client.billing.cancel.mutate({ workspaceId });
    expect(view).toMatchObject({
      plan: { id: 'pro' },
      subscription: { status: 'active', cancelAtPeriodEnd: true },
    });
    expect(view.notice).toMatch(/^The subscription ends on/);
    // The webhook that follows carries the same state.
    await deliverAll(b.stack, b.stripe.takeEvents());
    expect((await owner.client.billing.usage.query({ workspaceId })).plan.id).toBe('pro');

    await deliverAll(b.stack, b.stripe.endPeriod(subscriptionId));
    expect(await owner.client.billing.usage.query({ workspaceId })).toMatchObject({
      plan: { id: 'free' },
      status: 'canceled',
    });
    // A new checkout is possible again.
    await expect(owner.client.billing.checkout.mutate({ workspaceId })).resolves.toMatchObject({
      url: expect.any(String),
    });
  });

  it('cancels at once on request', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Cancel now');
    await subscribe(b, owner, workspaceId);
    const view = await owner.client.billing.cancel.mutate({ workspaceId, immediately: true });
    expect(view).toMatchObject({ plan: { id: 'free' }, subscription: { status: 'canceled' } });
    const again = await failure(owner.client.billing.cancel.mutate({ workspaceId }));
    expect(again.code).toBe('PRECONDITION_FAILED');
    expect(again.message).toMatch(/subscription is canceled/);
  });
});

describe('billing.changeServiceCount', () => {
  it('adds and removes paid services (prorated), and refuses to go below the services in use', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Services count');
    const { subscriptionId } = await subscribe(b, owner, workspaceId);
    await createServices(owner, workspaceId, 10);
    const eleventh = await failure(
      owner.client.service.create.mutate({ workspaceId, name: 'eleventh' }),
    );
    expect(eleventh.message).toMatch(
      /The Pro plan allows 10 services and this workspace has 10\. Add services/,
    );

    const raised = await owner.client.billing.changeServiceCount.mutate({
      workspaceId,
      additionalServices: 3,
    });
    expect(raised.subscription).toMatchObject({ additionalServices: 3 });
    const created = b.stripe.calls.find(
      (c) => c.path === '/v1/subscription_items' && c.method === 'POST',
    )!;
    expect(created.params).toMatchObject({
      subscription: subscriptionId,
      price: EXTRA_SERVICE_PRICE,
      quantity: '3',
      proration_behavior: 'create_prorations',
    });
    await createServices(owner, workspaceId, 2, 'more');
    expect((await owner.client.billing.usage.query({ workspaceId })).services).toMatchObject({
      used: 12,
      limit: 13,
      additional: 3,
    });

    const tooFew = await failure(
      owner.client.billing.changeServiceCount.mutate({ workspaceId, additionalServices: 1 }),
    );
    expect(tooFew.code).toBe('CONFLICT');
    expect(tooFew.message).toBe(
      'This workspace has 12 services and Pro includes 10, so it needs at least 2 additional services. Delete services first to go below that.',
    );
    expect(tooFew.details).toEqual({ services: 12, included: 10, minimum: 2 });

    const lowered = await owner.client.billing.changeServiceCount.mutate({
      workspaceId,
      additionalServices: 2,
    });
    expect(lowered.subscription).toMatchObject({ additionalServices: 2 });
    const updated = b.stripe.calls
      .filter((c) => c.path.startsWith('/v1/subscription_items/') && c.method === 'POST')
      .at(-1)!;
    expect(updated.params).toEqual({ quantity: '2', proration_behavior: 'create_prorations' });
    expect(b.stripe.subscriptions.get(subscriptionId)!.items).toMatchObject({
      data: [{ quantity: 1 }, { quantity: 2 }],
    });
  });

  it('refuses without a subscription', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'No subscription');
    const error = await failure(
      owner.client.billing.changeServiceCount.mutate({ workspaceId, additionalServices: 1 }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/no subscription; start one with billing.checkout/);
  });
});

describe('billing.portal and billing.invoices', () => {
  it('opens the portal for the workspace customer and lists its invoices newest first, by page', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Invoices');
    const none = await failure(owner.client.billing.portal.mutate({ workspaceId }));
    expect(none.code).toBe('PRECONDITION_FAILED');
    expect(await owner.client.billing.invoices.query({ workspaceId })).toEqual({
      items: [],
      nextCursor: null,
    });

    const { subscriptionId } = await subscribe(b, owner, workspaceId);
    await deliverAll(b.stack, b.stripe.endPeriod(subscriptionId));
    await deliverAll(b.stack, b.stripe.endPeriod(subscriptionId));
    const { url } = await owner.client.billing.portal.mutate({ workspaceId });
    expect(url).toMatch(new RegExp(`^${b.stripe.apiUrl}/portal/`));
    expect(b.stripe.portalSessions.at(-1)).toMatchObject({
      return_url: `http://web.example/?billing=portal&workspaceId=${workspaceId}`,
    });

    const first = await owner.client.billing.invoices.query({ workspaceId, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({
      status: 'paid',
      amountDue: 4900,
      amountPaid: 4900,
      currency: 'usd',
    });
    expect(first.nextCursor).toBe(first.items[1]!.id);
    const second = await owner.client.billing.invoices.query({
      workspaceId,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0]!.createdAt.getTime()).toBeLessThanOrEqual(
      first.items[1]!.createdAt.getTime(),
    );
  });
});
