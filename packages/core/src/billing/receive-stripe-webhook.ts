import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { billingCustomers, stripeEvents, type Database } from '@vibemonitor/db';
import {
  isStripeOutage,
  verifyStripeEvent,
  type StripeEvent,
  type StripeSubscription,
} from '@vibemonitor/integrations';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { findBillingWorkspace } from './find-billing-workspace.js';
import { syncStripeSubscription, type SyncOutcome } from './sync-stripe-subscription.js';

/** The event types billing acts on; any other is acknowledged and recorded as `ignored`. */
export const HANDLED_STRIPE_EVENTS = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

export interface StripeWebhookResult {
  eventId: string;
  type: string;
  duplicate: boolean;
  outcome: SyncOutcome | 'duplicate';
  workspaceId: string | null;
}

interface Target {
  subscriptionId: string | undefined;
  customerId: string | undefined;
  metadataWorkspaceId: string | undefined;
  /** The subscription carried by the event itself (subscription events), used only if Stripe no longer has it. */
  carried: StripeSubscription | undefined;
}

const idOf = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'object' && value !== null && 'id' in value
      ? String(value.id)
      : undefined;

function targetOf(event: StripeEvent): Target | undefined {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode !== 'subscription') return undefined;
      return {
        subscriptionId: idOf(session.subscription),
        customerId: idOf(session.customer),
        metadataWorkspaceId:
          session.metadata?.workspace_id ?? session.client_reference_id ?? undefined,
        carried: undefined,
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      return {
        subscriptionId: subscription.id,
        customerId: idOf(subscription.customer),
        metadataWorkspaceId: subscription.metadata?.workspace_id,
        carried: subscription,
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const details = invoice.parent?.subscription_details;
      return {
        subscriptionId: idOf(details?.subscription),
        customerId: idOf(invoice.customer),
        metadataWorkspaceId: details?.metadata?.workspace_id,
        carried: undefined,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Receives one Stripe webhook delivery. The signature is checked over the
 * exact raw body (`stripe.webhooks.constructEvent`); a bad one is BAD_REQUEST
 * and stores nothing. Each event is applied once: its id is recorded in the
 * same transaction as its effect, so a redelivery is a `duplicate` and a
 * failure stores nothing (Stripe retries). Order does not matter: the event
 * only says which subscription changed; its current state is read back from
 * Stripe and stored unless a newer read is already stored. Unknown types are
 * recorded as `ignored` and acknowledged.
 * @throws AppError PRECONDITION_FAILED (billing off), BAD_REQUEST (signature),
 *   UNAVAILABLE (Stripe unreachable while re-reading: Stripe will retry).
 */
export async function receiveStripeWebhook({
  db,
  billing: maybeBilling,
  rawBody,
  signature,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  rawBody: Buffer | string;
  signature: string | undefined;
}): Promise<StripeWebhookResult> {
  const billing = requireBilling(maybeBilling);
  const event = verifyStripeEvent(rawBody, signature, billing.webhookSecret);
  if (!event) {
    throw new AppError(
      'BAD_REQUEST',
      'Invalid Stripe signature: the Stripe-Signature header is missing, wrong or too old.',
    );
  }
  const base = { eventId: event.id, type: event.type };
  const [seen] = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, event.id));
  if (seen) return { ...base, duplicate: true, outcome: 'duplicate', workspaceId: null };

  const target = targetOf(event);
  let subscription: StripeSubscription | undefined;
  const readAt = new Date();
  if (target?.subscriptionId) {
    try {
      subscription = await billing.stripe.subscriptions.retrieve(target.subscriptionId);
    } catch (error) {
      if (isStripeOutage(error)) {
        throw new AppError(
          'UNAVAILABLE',
          'Stripe could not be reached to read the subscription; the delivery will be retried.',
        );
      }
      // Stripe does not know it (any more): fall back to what the event carried, if anything.
      subscription = target.carried;
    }
  }

  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        stripeCreatedAt: new Date(event.created * 1000),
        outcome: 'ignored',
      })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (inserted.length === 0)
      return { ...base, duplicate: true, outcome: 'duplicate' as const, workspaceId: null };

    let outcome: SyncOutcome = 'ignored';
    let workspaceId: string | undefined;
    if (target && subscription) {
      const customerId = idOf(subscription.customer) ?? target.customerId;
      workspaceId = await findBillingWorkspace({
        db: tx,
        customerId,
        metadataWorkspaceId: subscription.metadata?.workspace_id ?? target.metadataWorkspaceId,
      });
      if (workspaceId) {
        if (customerId) {
          // Checkout may have created the customer (it normally reuses ours): remember it for the portal.
          await tx
            .insert(billingCustomers)
            .values({ workspaceId, stripeCustomerId: customerId })
            .onConflictDoNothing();
        }
        outcome = await syncStripeSubscription({ tx, billing, workspaceId, subscription, readAt });
      }
    }
    await tx
      .update(stripeEvents)
      .set({ outcome, workspaceId: workspaceId ?? null })
      .where(eq(stripeEvents.id, event.id));
    return { ...base, duplicate: false, outcome, workspaceId: workspaceId ?? null };
  });
}
