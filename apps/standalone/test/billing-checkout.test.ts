import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { billingCustomers, stripeEvents, subscriptions } from '@vibemonitor/db';
import {
  createServices,
  deliver,
  deliverAll,
  PRO_PRICE,
  startBillingStack,
  subscribe,
  type BillingStack,
} from './billing-helpers.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

// Stripe round trips plus real databases on a shared 2-core machine: give each test room.
vi.setConfig({ testTimeout: 120_000 });
let b: BillingStack;
let owner: TestUser;

beforeAll(async () => {
  b = await startBillingStack();
  owner = await createSignedInUser(b.stack, { name: 'Payer' });
}, 180_000);
afterAll(async () => {
  await b?.close();
});

const db = () => b.stack.runtime.database.db;

async function storedEvents(): Promise<Array<{ id: string; outcome: string }>> {
  return db().select({ id: stripeEvents.id, outcome: stripeEvents.outcome }).from(stripeEvents);
}

describe('billing.plans', () => {
  it('lists Free and Pro with limits from the plans table and prices from Stripe, to anyone', async () => {
    const plans = await b.stack.client().billing.plans.query();
    expect(plans).toEqual({
      billingConfigured: true,
      plans: [
        {
          id: 'free',
          name: 'Free',
          includedServices: 5,
          dailyInvestigations: 10,
          price: null,
          additionalServicePrice: null,
        },
        {
          id: 'pro',
          name: 'Pro',
          includedServices: 10,
          dailyInvestigations: 100,
          price: { amount: 4900, currency: 'usd', interval: 'month' },
          additionalServicePrice: { amount: 500, currency: 'usd', interval: 'month' },
        },
      ],
    });
  });
});

describe('checkout -> webhook -> limits lifted', () => {
  it('refuses the 6th service on Free, and accepts it once the workspace has paid', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Paying team');
    await createServices(owner, workspaceId, 5);
    const refused = await failure(
      owner.client.service.create.mutate({ workspaceId, name: 'sixth' }),
    );
    expect(refused.code).toBe('PAYMENT_REQUIRED');
    expect(refused.message).toMatch(
      /^The Free plan allows 5 services and this workspace has 5\. Upgrade to Pro/,
    );

    const { url, sessionId } = await owner.client.billing.checkout.mutate({ workspaceId });
    expect(url).toBe(`${b.stripe.apiUrl}/checkout/${sessionId}`);
    // Checkout alone changes nothing: only Stripe's word (the webhook) lifts the limits.
    expect((await owner.client.billing.usage.query({ workspaceId })).plan.id).toBe('free');
    const created = b.stripe.calls.find(
      (c) => c.method === 'POST' && c.path === '/v1/checkout/sessions',
    )!;
    expect(created.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: workspaceId,
      metadata: { workspace_id: workspaceId },
      subscription_data: { metadata: { workspace_id: workspaceId } },
      line_items: [{ price: PRO_PRICE, quantity: '1' }],
      success_url: `http://web.example/?billing=success&workspaceId=${workspaceId}`,
    });

    b.stripe.takeEvents();
    const { subscriptionId } = b.stripe.completeCheckout(sessionId);
    const events = b.stripe.takeEvents();
    expect(events.map((e) => e.type)).toEqual([
      'customer.subscription.created',
      'invoice.paid',
      'checkout.session.completed',
    ]);
    const results = await deliverAll(b.stack, events);
    expect(results.map((r) => r.body.outcome)).toEqual(['applied', 'applied', 'applied']);

    await expect(
      owner.client.service.create.mutate({ workspaceId, name: 'sixth' }),
    ).resolves.toMatchObject({ name: 'sixth' });
    const usage = await owner.client.billing.usage.query({ workspaceId });
    expect(usage).toMatchObject({
      billingConfigured: true,
      plan: { id: 'pro', name: 'Pro', source: 'subscription' },
      status: 'active',
      cancelAtPeriodEnd: false,
      services: { used: 6, limit: 10, included: 10, additional: 0, investigated: 6 },
      investigations: { today: 0, limit: 100 },
      ownLlmKey: false,
      notice: null,
    });
    expect(usage.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());
    const subscription = await owner.client.billing.subscription.query({ workspaceId });
    expect(subscription.subscription).toMatchObject({
      planId: 'pro',
      status: 'active',
      additionalServices: 0,
    });

    const [row] = await db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.workspaceId, workspaceId));
    expect(row).toMatchObject({
      stripeSubscriptionId: subscriptionId,
      status: 'active',
      planId: 'pro',
    });
  });

  it('creates the customer once per workspace (workspace id in metadata) and reuses it', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Reuse');
    const first = await owner.client.billing.checkout.mutate({ workspaceId });
    const second = await owner.client.billing.checkout.mutate({ workspaceId });
    expect(first.sessionId).not.toBe(second.sessionId);
    const customers = await db()
      .select()
      .from(billingCustomers)
      .where(eq(billingCustomers.workspaceId, workspaceId));
    expect(customers).toHaveLength(1);
    const customer = b.stripe.customers.get(customers[0]!.stripeCustomerId)!;
    expect(customer.metadata).toEqual({ workspace_id: workspaceId });
    expect(b.stripe.checkoutSessions.get(first.sessionId)!.customer).toBe(customer.id);
    expect(b.stripe.checkoutSessions.get(second.sessionId)!.customer).toBe(customer.id);
  });

  it('refuses a checkout when the workspace is already Pro', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Already');
    await subscribe(b, owner, workspaceId);
    const error = await failure(owner.client.billing.checkout.mutate({ workspaceId }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already on Pro/);
  });

  it('checks out with additional services: the limit is the included ones plus those', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Bigger');
    await subscribe(b, owner, workspaceId, { additionalServices: 3 });
    expect((await owner.client.billing.usage.query({ workspaceId })).services).toMatchObject({
      limit: 13,
      additional: 3,
    });
  });
});

describe('webhook deliveries', () => {
  it('applies a duplicated event once (the id is stored with its effect)', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Duplicates');
    const { sessionId } = await owner.client.billing.checkout.mutate({ workspaceId });
    b.stripe.takeEvents();
    b.stripe.completeCheckout(sessionId);
    const [created] = b.stripe.takeEvents();
    const first = await deliver(b.stack, created!);
    const again = await deliver(b.stack, created!);
    const concurrent = await Promise.all([deliver(b.stack, created!), deliver(b.stack, created!)]);
    expect(first).toEqual({
      status: 200,
      body: { received: true, duplicate: false, outcome: 'applied' },
    });
    for (const repeat of [again, ...concurrent]) {
      expect(repeat).toEqual({
        status: 200,
        body: { received: true, duplicate: true, outcome: 'duplicate' },
      });
    }
    expect((await storedEvents()).filter((e) => e.id === created!.id)).toHaveLength(1);
  });

  it('is order-independent: an older event delivered last never overwrites newer state', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Out of order');
    const { sessionId } = await owner.client.billing.checkout.mutate({ workspaceId });
    b.stripe.takeEvents();
    const { subscriptionId } = b.stripe.completeCheckout(sessionId);
    const checkoutEvents = b.stripe.takeEvents();
    // The subscription is then cancelled in the portal (Stripe-side), before any event arrived.
    const sub = b.stripe.subscriptions.get(subscriptionId)!;
    sub.cancel_at_period_end = true;
    const updated = {
      ...checkoutEvents[0]!,
      id: 'evt_portal_cancel',
      type: 'customer.subscription.updated',
      data: { object: structuredClone(sub) },
    };
    const deleted = b.stripe.endPeriod(subscriptionId);

    // Newest first: deleted, then updated, then the checkout events.
    await deliverAll(b.stack, [...deleted, updated, ...checkoutEvents.reverse()]);
    const usage = await owner.client.billing.usage.query({ workspaceId });
    expect(usage).toMatchObject({ plan: { id: 'free' }, status: 'canceled' });
    const [row] = await db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.workspaceId, workspaceId));
    expect(row!.status).toBe('canceled');
  });

  it('answers 400 to a bad or missing signature and stores nothing', async () => {
    const before = await storedEvents();
    const event = {
      id: 'evt_forged',
      object: 'event',
      type: 'customer.subscription.created',
      created: 1,
      data: { object: {} },
    };
    const wrongSecret = await deliver(b.stack, event, { secret: 'whsec_someone_else' });
    const missing = await deliver(b.stack, event, { signature: null });
    const garbage = await deliver(b.stack, event, { signature: 't=1,v1=deadbeef' });
    for (const answer of [wrongSecret, missing, garbage]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error?.message).toMatch(/Invalid Stripe signature/);
    }
    // Signed, then altered: the signature covers the exact bytes.
    const { signStripePayload } = await import('@vibemonitor/integrations');
    const payload = JSON.stringify(event);
    const tampered = await deliver(b.stack, payload.replace('evt_forged', 'evt_forgex'), {
      signature: signStripePayload(payload, 'whsec_test_billing'),
    });
    expect(tampered.status).toBe(400);
    expect(await storedEvents()).toEqual(before);
  });

  it('acknowledges unknown event types and records them as ignored', async () => {
    const event = {
      id: 'evt_unknown_type',
      object: 'event',
      type: 'charge.refunded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'ch_1' } },
    };
    expect(await deliver(b.stack, event)).toEqual({
      status: 200,
      body: { received: true, duplicate: false, outcome: 'ignored' },
    });
    expect((await storedEvents()).find((e) => e.id === 'evt_unknown_type')).toEqual({
      id: 'evt_unknown_type',
      outcome: 'ignored',
    });
  });

  it('answers 503 and stores nothing when Stripe cannot be reached to re-read (Stripe retries)', async () => {
    const workspaceId = await createTeam(b.stack, owner, [], 'Outage');
    const { sessionId } = await owner.client.billing.checkout.mutate({ workspaceId });
    b.stripe.takeEvents();
    b.stripe.completeCheckout(sessionId);
    const [created] = b.stripe.takeEvents();
    b.stripe.failApi(true);
    try {
      const answer = await deliver(b.stack, created!);
      expect(answer.status).toBe(503);
    } finally {
      b.stripe.failApi(false);
    }
    expect((await storedEvents()).some((e) => e.id === created!.id)).toBe(false);
    expect((await deliver(b.stack, created!)).body.outcome).toBe('applied');
    expect((await owner.client.billing.usage.query({ workspaceId })).plan.id).toBe('pro');
  });
});
