import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  webhookDeliveries,
  webhookEndpoints,
  type Database,
  type WebhookEventType,
} from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';

/** The job id of one attempt (a redelivery gets its own suffix). */
export function webhookAttemptJobId(deliveryId: string, attempt: number, manual = false): string {
  return `webhook-${deliveryId}-${manual ? 'm' : ''}${attempt}`;
}

/**
 * Records one delivery per enabled endpoint of the workspace subscribed to
 * `type` and queues their first attempts. The body is fixed here (Standard
 * Webhooks' `{type, timestamp, data}`), so retries and redeliveries send the
 * same bytes under the same `webhook-id` (the delivery id), letting receivers
 * dedupe. Returns the delivery ids.
 */
export async function emitWebhookEvent({
  db,
  queue,
  logger,
  workspaceId,
  type,
  data,
  now = new Date(),
}: {
  db: Database;
  queue: JobQueue;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  now?: Date;
}): Promise<string[]> {
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, workspaceId),
        eq(webhookEndpoints.enabled, true),
        sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`,
      ),
    );
  if (endpoints.length === 0) return [];
  const rows = endpoints.map((endpoint) => {
    const id = randomUUID();
    return {
      id,
      workspaceId,
      endpointId: endpoint.id,
      eventType: type,
      payload: JSON.stringify({ type, timestamp: now.toISOString(), data }),
      status: 'pending' as const,
      nextAttemptAt: now,
    };
  });
  await db.insert(webhookDeliveries).values(rows);
  for (const row of rows) {
    try {
      await queue.enqueue(
        'webhook.deliver',
        { workspaceId, deliveryId: row.id, attempt: 1 },
        { jobId: webhookAttemptJobId(row.id, 1) },
      );
    } catch (error) {
      // The delivery stays pending with its time due: it is visible in the log and can be redelivered.
      logger?.warn({ err: error, deliveryId: row.id }, 'webhook delivery not enqueued');
    }
  }
  return rows.map((r) => r.id);
}
