import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { subscriptions, type Database, type Subscription } from '@vibemonitor/db';

/** Statuses in which a subscription can still be changed or cancelled. */
const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);

/** The workspace's running Stripe subscription, or PRECONDITION_FAILED saying there is none. */
export async function loadWorkspaceSubscription({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<Subscription & { stripeSubscriptionId: string }> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.workspaceId, workspaceId));
  if (!row || !row.stripeSubscriptionId || !CHANGEABLE.has(row.status)) {
    throw new AppError(
      'PRECONDITION_FAILED',
      row?.stripeSubscriptionId
        ? `This workspace's subscription is ${row.status.replace(/_/g, ' ')}; start a new one with billing.checkout.`
        : 'This workspace has no subscription; start one with billing.checkout.',
    );
  }
  return { ...row, stripeSubscriptionId: row.stripeSubscriptionId };
}
