import { and, eq, sql } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { isAppError } from '@vibemonitor/contracts';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type Database,
} from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import { sendWebhook } from '@vibemonitor/integrations';
import { webhookAttemptJobId } from './emit-webhook-event.js';
import { webhookRetryDelayMs, type WebhookSettings } from './webhook-settings.js';

export type WebhookAttemptOutcome =
  | { kind: 'succeeded'; status: number }
  | { kind: 'retrying'; status: number | null; nextAttempt: number; delayMs: number }
  | { kind: 'failed'; status: number | null; error: string }
  | { kind: 'skipped'; reason: string };

/**
 * Makes one attempt of a delivery and logs it (status code or error, time
 * taken). A 2xx marks the delivery succeeded. Otherwise, while attempts are
 * left (`settings.maxAttempts`), the next one is queued after the
 * exponential delay; then the delivery is failed. A manual attempt
 * (redelivery) never schedules more. Deliveries whose endpoint was deleted or
 * disabled, or that already succeeded, are skipped.
 */
export async function deliverWebhook({
  db,
  queue,
  secrets,
  settings,
  workspaceId,
  deliveryId,
  attempt,
  manual,
  signal,
  now = () => new Date(),
}: {
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  settings: WebhookSettings;
  workspaceId: string;
  deliveryId: string;
  attempt: number;
  manual: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<WebhookAttemptOutcome> {
  const [row] = await db
    .select({
      payload: webhookDeliveries.payload,
      status: webhookDeliveries.status,
      url: webhookEndpoints.url,
      enabled: webhookEndpoints.enabled,
      secretCiphertext: webhookEndpoints.secretCiphertext,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.workspaceId, workspaceId)),
    );
  if (!row) return { kind: 'skipped', reason: 'delivery or endpoint deleted' };
  if (row.status === 'succeeded' && !manual)
    return { kind: 'skipped', reason: 'already delivered' };
  if (!row.enabled && !manual) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'The endpoint was disabled.', nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { kind: 'skipped', reason: 'endpoint disabled' };
  }

  let result;
  try {
    result = await sendWebhook({
      url: row.url,
      id: deliveryId,
      body: row.payload,
      secret: secrets.decryptSecret(row.secretCiphertext),
      policy: { allowPrivate: settings.allowPrivateUrls, timeoutMs: settings.timeoutMs },
      now: now(),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    // The policy refuses the destination (e.g. its name now resolves to a private address): no retry helps.
    if (!isAppError(error)) throw error;
    result = { status: null, ok: false, error: error.message, durationMs: 0 };
  }
  const finished = now();
  await db.insert(webhookDeliveryAttempts).values({
    workspaceId,
    deliveryId,
    attempt,
    manual,
    responseStatus: result.status,
    error: result.error,
    durationMs: result.durationMs,
  });
  const common = {
    attemptCount: sql`${webhookDeliveries.attemptCount} + 1`,
    lastResponseStatus: result.status,
    lastError: result.error,
    updatedAt: finished,
  };
  if (result.ok) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, status: 'succeeded', deliveredAt: finished, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { kind: 'succeeded', status: result.status! };
  }
  const error = result.error ?? 'The delivery failed.';
  if (manual || attempt >= settings.maxAttempts) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, status: 'failed', nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { kind: 'failed', status: result.status, error };
  }
  const delayMs = webhookRetryDelayMs(settings, attempt);
  await db
    .update(webhookDeliveries)
    .set({ ...common, status: 'pending', nextAttemptAt: new Date(finished.getTime() + delayMs) })
    .where(eq(webhookDeliveries.id, deliveryId));
  await queue.enqueue(
    'webhook.deliver',
    { workspaceId, deliveryId, attempt: attempt + 1 },
    { jobId: webhookAttemptJobId(deliveryId, attempt + 1), delayMs },
  );
  return { kind: 'retrying', status: result.status, nextAttempt: attempt + 1, delayMs };
}
