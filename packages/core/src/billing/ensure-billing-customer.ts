import { eq } from 'drizzle-orm';
import { billingCustomers, type Database } from '@vibemonitor/db';
import type { BillingSettings } from './billing-settings.js';

/**
 * The workspace's Stripe customer: created once, with the workspace id in its
 * metadata, and reused by every later checkout and portal session. The
 * create carries an idempotency key derived from the workspace, so a retried
 * or concurrent first checkout gets the same customer back from Stripe.
 */
export async function ensureBillingCustomer({
  db,
  billing,
  workspace,
  email,
}: {
  db: Database;
  billing: BillingSettings;
  workspace: { id: string; name: string };
  email: string | undefined;
}): Promise<string> {
  const [known] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.workspaceId, workspace.id));
  if (known) return known.id;
  const customer = await billing.stripe.customers.create(
    {
      name: workspace.name,
      ...(email ? { email } : {}),
      metadata: { workspace_id: workspace.id },
    },
    { idempotencyKey: `vibemonitor-customer-${workspace.id}` },
  );
  await db
    .insert(billingCustomers)
    .values({ workspaceId: workspace.id, stripeCustomerId: customer.id })
    .onConflictDoNothing();
  const [stored] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.workspaceId, workspace.id));
  return stored?.id ?? customer.id;
}
