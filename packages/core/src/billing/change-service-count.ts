import { count, eq } from 'drizzle-orm';
import { AppError, type PlanId } from '@vibemonitor/contracts';
import { plans, services, type Database } from '@vibemonitor/db';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';
import { getSubscription, type SubscriptionView } from './get-subscription.js';
import { loadWorkspaceSubscription } from './load-workspace-subscription.js';
import { syncStripeSubscription } from './sync-stripe-subscription.js';

/**
 * Sets how many services beyond the plan's included ones the subscription
 * pays for (owners): the quantity of the additional-service item, prorated
 * by Stripe. A number that would leave fewer services allowed than the
 * workspace has is refused (delete services first); nothing is deleted.
 */
export async function changeServiceCount({
  db,
  billing: maybeBilling,
  workspaceId,
  additionalServices,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  additionalServices: number;
}): Promise<SubscriptionView> {
  const billing = requireBilling(maybeBilling);
  const current = await loadWorkspaceSubscription({ db, workspaceId });
  const [plan] = await db
    .select({ included: plans.maxServices })
    .from(plans)
    .where(eq(plans.id, current.planId as PlanId));
  const [used] = await db
    .select({ n: count() })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const inUse = used?.n ?? 0;
  const included = plan?.included ?? null;
  if (included !== null && inUse > included + additionalServices) {
    const minimum = inUse - included;
    throw new AppError(
      'CONFLICT',
      `This workspace has ${inUse} services and Pro includes ${included}, so it needs at least ${minimum} additional ` +
        `service${minimum === 1 ? '' : 's'}. Delete services first to go below that.`,
      { services: inUse, included, minimum },
    );
  }
  if (additionalServices === current.additionalServices)
    return getSubscription({ db, billing, workspaceId });
  const readAt = new Date();
  const itemId = current.additionalServiceItemId;
  await callStripe('change the number of services', () =>
    itemId
      ? billing.stripe.subscriptionItems.update(itemId, {
          quantity: additionalServices,
          proration_behavior: 'create_prorations',
        })
      : billing.stripe.subscriptionItems.create({
          subscription: current.stripeSubscriptionId,
          price: billing.additionalServicePriceId,
          quantity: additionalServices,
          proration_behavior: 'create_prorations',
        }),
  );
  const subscription = await callStripe('read the subscription back', () =>
    billing.stripe.subscriptions.retrieve(current.stripeSubscriptionId),
  );
  await db.transaction((tx) =>
    syncStripeSubscription({ tx, billing, workspaceId, subscription, readAt }),
  );
  return getSubscription({ db, billing, workspaceId });
}
