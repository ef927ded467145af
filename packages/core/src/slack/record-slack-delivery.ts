import { and, eq } from 'drizzle-orm';
import { webhookEvents, type Database } from '@vibemonitor/db';

/**
 * Records a Slack delivery id in the webhook ledger. True the first time,
 * false for a repeat (Slack retries a delivery it thinks we missed, with
 * `X-Slack-Retry-Num`): the caller starts nothing for a repeat.
 */
export async function recordSlackDelivery({
  db,
  deliveryId,
}: {
  db: Database;
  deliveryId: string;
}): Promise<boolean> {
  const inserted = await db
    .insert(webhookEvents)
    .values({ provider: 'slack', eventId: deliveryId })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return inserted.length > 0;
}

/** Forgets a delivery whose work could not be queued, so Slack's retry is taken. */
export async function forgetSlackDelivery({
  db,
  deliveryId,
}: {
  db: Database;
  deliveryId: string;
}): Promise<void> {
  await db
    .delete(webhookEvents)
    .where(and(eq(webhookEvents.provider, 'slack'), eq(webhookEvents.eventId, deliveryId)));
}
