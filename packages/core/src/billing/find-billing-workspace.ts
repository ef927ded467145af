import { eq } from 'drizzle-orm';
import { billingCustomers, workspaces, type Database } from '@vibemonitor/db';

/**
 * The workspace a Stripe object belongs to: the one whose customer it is
 * (billing_customers, written when we created the customer), else the
 * `workspace_id` in its metadata when that workspace exists; undefined otherwise.
 */
export async function findBillingWorkspace({
  db,
  customerId,
  metadataWorkspaceId,
}: {
  db: Database;
  customerId: string | null | undefined;
  metadataWorkspaceId: string | null | undefined;
}): Promise<string | undefined> {
  if (customerId) {
    const [owner] = await db
      .select({ workspaceId: billingCustomers.workspaceId })
      .from(billingCustomers)
      .where(eq(billingCustomers.stripeCustomerId, customerId));
    if (owner) return owner.workspaceId;
  }
  if (metadataWorkspaceId && /^[0-9a-f-]{36}$/i.test(metadataWorkspaceId)) {
    const [workspace] = await db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.id, metadataWorkspaceId));
    if (workspace) return workspace.id;
  }
  return undefined;
}
