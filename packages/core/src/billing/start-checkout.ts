import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { workspaces, type Database } from '@vibemonitor/db';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';
import { ensureBillingCustomer } from './ensure-billing-customer.js';
import { loadEffectivePlan } from './load-effective-plan.js';

/** Most additional services one subscription may carry (a typo guard, not a business rule). */
export const MAX_ADDITIONAL_SERVICES = 1000;

/**
 * Starts Stripe Checkout for Pro (owners): the workspace's customer (created
 * once, reused), the Pro price and, when asked, the additional-service price
 * with a quantity; the workspace id rides in the session's and the
 * subscription's metadata. Nothing changes here: the plan is lifted when the
 * webhook reports the subscription. Refused when the workspace is already Pro
 * or has a subscription that still runs (manage it in the portal instead).
 */
export async function startCheckout({
  db,
  billing: maybeBilling,
  actor,
  workspaceId,
  additionalServices,
  returnUrl,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  actor: { id: string; email: string };
  workspaceId: string;
  additionalServices: number;
  /** Where Stripe sends the browser back (`?billing=success|cancelled` is added). */
  returnUrl: string;
}): Promise<{ url: string; sessionId: string }> {
  const billing = requireBilling(maybeBilling);
  const plan = await loadEffectivePlan({ db, workspaceId });
  if (plan.id === 'pro') {
    throw new AppError(
      'CONFLICT',
      plan.source === 'subscription'
        ? 'This workspace is already on Pro. Change its services with billing.changeServiceCount or manage it in the billing portal.'
        : 'This workspace is already on Pro (set by an administrator).',
    );
  }
  if (
    plan.subscription &&
    ['past_due', 'unpaid', 'incomplete'].includes(plan.subscription.status)
  ) {
    throw new AppError(
      'CONFLICT',
      `This workspace already has a subscription that is ${plan.subscription.status.replace(/_/g, ' ')}: pay its open invoice in the billing portal instead of starting another.`,
    );
  }
  const [workspace] = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!workspace) throw new AppError('NOT_FOUND', 'Workspace not found.');
  const customer = await callStripe('create the billing customer', () =>
    ensureBillingCustomer({ db, billing, workspace, email: actor.email }),
  );
  const back = (outcome: string) => {
    const url = new URL(returnUrl);
    url.searchParams.set('billing', outcome);
    url.searchParams.set('workspaceId', workspaceId);
    return url.toString();
  };
  const session = await callStripe('start Checkout', () =>
    billing.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: workspaceId,
      metadata: { workspace_id: workspaceId },
      subscription_data: { metadata: { workspace_id: workspaceId } },
      line_items: [
        { price: billing.proPriceId, quantity: 1 },
        ...(additionalServices > 0
          ? [{ price: billing.additionalServicePriceId, quantity: additionalServices }]
          : []),
      ],
      success_url: back('success'),
      cancel_url: back('cancelled'),
    }),
  );
  if (!session.url) throw new Error('Stripe returned a Checkout session without a url');
  return { url: session.url, sessionId: session.id };
}
