import { eq } from 'drizzle-orm';
import { subscriptions, workspaces, type Database } from '@vibemonitor/db';
import type { StripeSubscription } from '@vibemonitor/integrations';
import type { BillingSettings } from './billing-settings.js';

/** Statuses in which a subscription still runs (and so outranks an ended one of the same workspace). */
const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

export type SyncOutcome = 'applied' | 'stale' | 'ignored';

function customerId(subscription: StripeSubscription): string {
  const customer = subscription.customer;
  return typeof customer === 'string' ? customer : customer.id;
}

/**
 * Stores the state of a Stripe subscription, read from Stripe at `readAt`,
 * as the workspace's subscription. Order-independent: the workspace row is
 * locked, and a read older than the stored one is ignored (`stale`), as is an
 * ended subscription arriving after a newer live one. Runs inside the
 * caller's transaction (`tx`), so the webhook records its event id in the
 * same commit. A subscription without the Pro price is not ours (`ignored`).
 */
export async function syncStripeSubscription({
  tx,
  billing,
  workspaceId,
  subscription,
  readAt,
}: {
  tx: Database;
  billing: BillingSettings;
  workspaceId: string;
  subscription: StripeSubscription;
  readAt: Date;
}): Promise<SyncOutcome> {
  const items = subscription.items.data;
  const pro = items.find((item) => item.price.id === billing.proPriceId);
  if (!pro) return 'ignored';
  const extra = items.find((item) => item.price.id === billing.additionalServicePriceId);
  const [workspace] = await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for('update');
  if (!workspace) return 'ignored';
  const [stored] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.workspaceId, workspaceId));
  if (stored) {
    if (stored.stripeSubscriptionId === subscription.id) {
      if (stored.syncedAt && stored.syncedAt.getTime() > readAt.getTime()) return 'stale';
    } else if (!LIVE.has(subscription.status) && LIVE.has(stored.status)) {
      // A late event about an earlier, ended subscription: the live one stays.
      return 'stale';
    }
  }
  const periodEnd = Math.max(...items.map((item) => item.current_period_end));
  const pastDue = subscription.status === 'past_due';
  const graceEndsAt = pastDue
    ? stored?.stripeSubscriptionId === subscription.id &&
      stored.status === 'past_due' &&
      stored.graceEndsAt
      ? stored.graceEndsAt
      : new Date(readAt.getTime() + billing.graceMs)
    : null;
  const values = {
    planId: 'pro' as const,
    status: subscription.status,
    stripeCustomerId: customerId(subscription),
    stripeSubscriptionId: subscription.id,
    currentPeriodEnd: Number.isFinite(periodEnd) ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end || subscription.cancel_at !== null,
    additionalServices: extra?.quantity ?? 0,
    additionalServiceItemId: extra?.id ?? null,
    graceEndsAt,
    syncedAt: readAt,
  };
  await tx
    .insert(subscriptions)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({
      target: subscriptions.workspaceId,
      set: { ...values, updatedAt: new Date() },
    });
  return 'applied';
}
