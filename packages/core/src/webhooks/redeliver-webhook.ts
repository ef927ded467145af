import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { webhookDeliveries, type Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import { webhookAttemptJobId } from './emit-webhook-event.js';

/**
 * Sends a delivery again on an owner's request (same `webhook-id` and body,
 * a fresh timestamp and signature), whatever its status; it is one attempt,
 * logged as manual, with no automatic retries after it.
 * @throws AppError NOT_FOUND.
 */
export async function redeliverWebhook({
  db,
  queue,
  workspaceId,
  deliveryId,
}: {
  db: Database;
  queue: JobQueue;
  workspaceId: string;
  deliveryId: string;
}): Promise<{ attempt: number }> {
  const [delivery] = await db
    .select({ attemptCount: webhookDeliveries.attemptCount })
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.workspaceId, workspaceId)),
    );
  if (!delivery) throw new AppError('NOT_FOUND', 'Webhook delivery not found in this workspace.');
  const attempt = delivery.attemptCount + 1;
  const jobId = webhookAttemptJobId(deliveryId, attempt, true);
  // Asking twice before it runs queues it once (same job id).
  await queue.enqueue(
    'webhook.deliver',
    { workspaceId, deliveryId, attempt, manual: true },
    { jobId },
  );
  return { attempt };
}
