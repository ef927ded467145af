import type { Logger } from 'pino';
import { deliverWebhook, type Runtime, type WebhookSettings } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { JobContext, JobQueue } from '@vibemonitor/jobs';

/**
 * Runs one `webhook.deliver` job: one HTTP attempt. Failures are recorded and
 * retried by the delivery itself (a new delayed job), so the job completes
 * either way; it only throws when the database fails.
 */
export function createWebhookDeliverProcessor(deps: {
  db: Database;
  queue: JobQueue;
  secrets: Runtime['secrets'];
  settings: WebhookSettings;
  logger: Pick<Logger, 'debug' | 'info'>;
}) {
  return async ({ payload, signal }: JobContext<'webhook.deliver'>): Promise<void> => {
    const outcome = await deliverWebhook({
      db: deps.db,
      queue: deps.queue,
      secrets: deps.secrets,
      settings: deps.settings,
      workspaceId: payload.workspaceId,
      deliveryId: payload.deliveryId,
      attempt: payload.attempt,
      manual: payload.manual,
      signal,
    });
    deps.logger.info(
      { deliveryId: payload.deliveryId, attempt: payload.attempt, outcome: outcome.kind },
      'webhook attempt',
    );
  };
}
