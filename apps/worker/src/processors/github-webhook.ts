import { processGithubDelivery } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { Logger } from 'pino';

/**
 * Handles a stored GitHub webhook delivery (`github.webhook`). Re-entrant:
 * processGithubDelivery skips a processed delivery and keys change events by
 * delivery id, so a stalled job re-run stores nothing twice.
 */
export function createGithubWebhookProcessor(deps: { db: Database; logger: Logger }) {
  return async ({ payload }: { payload: { deliveryId: string } }): Promise<void> => {
    const { outcome } = await processGithubDelivery({ db: deps.db, deliveryId: payload.deliveryId });
    deps.logger.info({ deliveryId: payload.deliveryId, outcome }, 'GitHub delivery processed');
  };
}
