import type { Database } from '@vibemonitor/db';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';
import { getSubscription, type SubscriptionView } from './get-subscription.js';
import { loadWorkspaceSubscription } from './load-workspace-subscription.js';
import { syncStripeSubscription } from './sync-stripe-subscription.js';

/**
 * Cancels the workspace's subscription (owners): at the end of the paid
 * period by default (Pro stays until then), or at once when `immediately`.
 * The answer from Stripe is stored right away; the webhooks that follow
 * carry the same state and change nothing.
 */
export async function cancelSubscription({
  db,
  billing: maybeBilling,
  workspaceId,
  immediately,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  immediately: boolean;
}): Promise<SubscriptionView> {
  const billing = requireBilling(maybeBilling);
  const current = await loadWorkspaceSubscription({ db, workspaceId });
  const readAt = new Date();
  const subscription = await callStripe('cancel the subscription', () =>
    immediately
      ? billing.stripe.subscriptions.cancel(current.stripeSubscriptionId, { prorate: true })
      : billing.stripe.subscriptions.update(current.stripeSubscriptionId, {
          cancel_at_period_end: true,
        }),
  );
  await db.transaction((tx) =>
    syncStripeSubscription({ tx, billing, workspaceId, subscription, readAt }),
  );
  return getSubscription({ db, billing, workspaceId });
}
