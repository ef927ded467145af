import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { billingCustomers, type Database } from '@vibemonitor/db';
import { requireBilling, type BillingSettings } from './billing-settings.js';
import { callStripe } from './call-stripe.js';

/** A Stripe customer portal session for the workspace's customer (owners): payment methods, invoices, cancellation. */
export async function createPortalSession({
  db,
  billing: maybeBilling,
  workspaceId,
  returnUrl,
}: {
  db: Database;
  billing: BillingSettings | undefined;
  workspaceId: string;
  returnUrl: string;
}): Promise<{ url: string }> {
  const billing = requireBilling(maybeBilling);
  const [customer] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.workspaceId, workspaceId));
  if (!customer) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'This workspace has no billing account yet; subscribe with billing.checkout first.',
    );
  }
  const session = await callStripe('open the billing portal', () =>
    billing.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: returnUrl }),
  );
  return { url: session.url };
}
