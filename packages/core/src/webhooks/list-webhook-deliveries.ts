import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  type Database,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '@vibemonitor/db';

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** The JSON body sent. */
  payload: string;
  attempts: Array<{
    attempt: number;
    manual: boolean;
    responseStatus: number | null;
    error: string | null;
    durationMs: number;
    createdAt: Date;
  }>;
}

/** The delivery log of one endpoint, newest first, a page at a time, each with its attempts. */
export async function listWebhookDeliveries({
  db,
  workspaceId,
  endpointId,
  limit,
  cursor,
}: {
  db: Database;
  workspaceId: string;
  endpointId: string;
  limit: number;
  cursor?: { createdAt: Date; id: string } | undefined;
}): Promise<{ items: WebhookDeliveryView[]; nextCursor: { createdAt: Date; id: string } | null }> {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attemptCount: webhookDeliveries.attemptCount,
      lastResponseStatus: webhookDeliveries.lastResponseStatus,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      payload: webhookDeliveries.payload,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.endpointId, endpointId),
        cursor
          ? or(
              lt(webhookDeliveries.createdAt, cursor.createdAt),
              and(
                eq(webhookDeliveries.createdAt, cursor.createdAt),
                lt(webhookDeliveries.id, cursor.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const attempts =
    page.length === 0
      ? []
      : await db
          .select({
            deliveryId: webhookDeliveryAttempts.deliveryId,
            attempt: webhookDeliveryAttempts.attempt,
            manual: webhookDeliveryAttempts.manual,
            responseStatus: webhookDeliveryAttempts.responseStatus,
            error: webhookDeliveryAttempts.error,
            durationMs: webhookDeliveryAttempts.durationMs,
            createdAt: webhookDeliveryAttempts.createdAt,
          })
          .from(webhookDeliveryAttempts)
          .where(
            and(
              eq(webhookDeliveryAttempts.workspaceId, workspaceId),
              inArray(
                webhookDeliveryAttempts.deliveryId,
                page.map((r) => r.id),
              ),
            ),
          )
          .orderBy(asc(webhookDeliveryAttempts.createdAt), asc(webhookDeliveryAttempts.attempt));
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...row,
      attempts: attempts
        .filter((a) => a.deliveryId === row.id)
        .map(({ deliveryId: _deliveryId, ...a }) => a),
    })),
    nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}
