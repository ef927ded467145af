// Billing test helpers: a stack wired to the fake Stripe API, signed webhook deliveries, a subscribe flow.
import { signStripePayload } from '@vibemonitor/integrations';
import { startFakeStripe, type FakeStripe } from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import type { TestUser } from './users.js';

export const WEBHOOK_SECRET = 'whsec_test_billing';
export const PRO_PRICE = 'price_pro_monthly';
export const EXTRA_SERVICE_PRICE = 'price_additional_service';

export interface BillingStack {
  stack: TestStack;
  stripe: FakeStripe;
  close(): Promise<void>;
}

/** The real stack (server, no worker) with billing pointed at a fake Stripe through STRIPE_API_URL. */
export async function startBillingStack(env: Record<string, string> = {}): Promise<BillingStack> {
  const stripe = await startFakeStripe({
    secretKey: 'sk_test_billing',
    prices: [
      { id: PRO_PRICE, unitAmount: 4900, nickname: 'Pro' },
      { id: EXTRA_SERVICE_PRICE, unitAmount: 500, nickname: 'Additional service' },
    ],
  });
  const stack = await startTestStack({
    worker: false,
    env: {
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_PRO_PLAN_PRICE_ID: PRO_PRICE,
      STRIPE_ADDITIONAL_SERVICE_PRICE_ID: EXTRA_SERVICE_PRICE,
      STRIPE_API_URL: stripe.apiUrl,
      WEB_APP_URL: 'http://web.example',
      ...env,
    },
  });
  return {
    stack,
    stripe,
    async close() {
      await stack.close();
      await stripe.close();
    },
  };
}

export interface Delivery {
  status: number;
  body: {
    received?: boolean;
    duplicate?: boolean;
    outcome?: string;
    error?: { code: string; message: string };
  };
}

/** POSTs an event to /api/v1/webhooks/stripe, signed like Stripe (or with `signature` as given). */
export async function deliver(
  stack: TestStack,
  event: Record<string, unknown> | string,
  options: { secret?: string; signature?: string | null } = {},
): Promise<Delivery> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const signature =
    options.signature === undefined
      ? signStripePayload(payload, options.secret ?? WEBHOOK_SECRET)
      : options.signature;
  const response = await fetch(`${stack.url}/api/v1/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature !== null ? { 'stripe-signature': signature } : {}),
    },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as Delivery['body'] };
}

/** Delivers events in order and expects each to be accepted. */
export async function deliverAll(
  stack: TestStack,
  events: Array<Record<string, unknown>>,
): Promise<Delivery[]> {
  const results: Delivery[] = [];
  for (const event of events) {
    const result = await deliver(stack, event);
    if (result.status !== 200)
      throw new Error(
        `delivery of ${String(event.type)} answered ${result.status}: ${JSON.stringify(result.body)}`,
      );
    results.push(result);
  }
  return results;
}

/**
 * The owner subscribes as a browser would: billing.checkout, pays on the
 * (fake) Checkout page, and Stripe's events reach the webhook in `order`.
 */
export async function subscribe(
  b: BillingStack,
  owner: TestUser,
  workspaceId: string,
  options: {
    additionalServices?: number;
    order?: (events: Array<Record<string, unknown>>) => Array<Record<string, unknown>>;
  } = {},
): Promise<{ subscriptionId: string; sessionId: string }> {
  const { sessionId } = await owner.client.billing.checkout.mutate({
    workspaceId,
    additionalServices: options.additionalServices ?? 0,
  });
  b.stripe.takeEvents();
  const { subscriptionId } = b.stripe.completeCheckout(sessionId);
  const events = b.stripe.takeEvents();
  await deliverAll(b.stack, options.order ? options.order(events) : events);
  return { subscriptionId, sessionId };
}

/** Creates services named `prefix-1..n` (owner). */
export async function createServices(
  owner: TestUser,
  workspaceId: string,
  count: number,
  prefix = 'svc',
): Promise<void> {
  for (let i = 1; i <= count; i++)
    await owner.client.service.create.mutate({ workspaceId, name: `${prefix}-${i}` });
}
