import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { githubWebhookDeliveries, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import type { JobQueue } from '@vibemonitor/jobs';
import { requireGithubApp } from './require-github-app.js';

const DELIVERY_ID = /^[A-Za-z0-9._-]{1,200}$/;
const EVENT_NAME = /^[a-z_]{1,100}$/;

/** The queue job id of a delivery (BullMQ ids must not contain `:` nor be integers). */
export const deliveryJobId = (deliveryId: string) => `github-${deliveryId}`;

/**
 * Receives one webhook delivery: verifies `X-Hub-Signature-256` over the raw
 * body (`@octokit/webhooks` verifyAndReceive), stores it once under its
 * `X-GitHub-Delivery` id and enqueues its processing. A bad signature is
 * UNAUTHORIZED and stores nothing. A repeated delivery id is acknowledged as
 * a duplicate; if its processing never finished it is enqueued again (the
 * job id dedupes), so a lost enqueue heals on GitHub's redelivery.
 */
export async function receiveGithubWebhook({
  db,
  queue,
  github,
  delivery,
}: {
  db: Database;
  queue: JobQueue;
  github: GithubApp | null;
  delivery: { id: string | undefined; name: string | undefined; signature: string | undefined; rawBody: string };
}): Promise<{ deliveryId: string; duplicate: boolean }> {
  const app = requireGithubApp(github);
  if (!delivery.signature)
    throw new AppError('UNAUTHORIZED', 'The X-Hub-Signature-256 header is missing.');
  if (!delivery.id || !DELIVERY_ID.test(delivery.id))
    throw new AppError('BAD_REQUEST', 'The X-GitHub-Delivery header is missing or malformed.');
  if (!delivery.name || !EVENT_NAME.test(delivery.name))
    throw new AppError('BAD_REQUEST', 'The X-GitHub-Event header is missing or malformed.');
  const deliveryId = delivery.id;
  let duplicate = false;
  await app.receiveWebhook(
    { id: deliveryId, name: delivery.name, signature: delivery.signature, rawBody: delivery.rawBody },
    async (event) => {
      const payload = (typeof event.payload === 'object' && event.payload !== null ? event.payload : {}) as Record<string, unknown>;
      const installation = payload.installation as { id?: unknown } | undefined;
      const inserted = await db
        .insert(githubWebhookDeliveries)
        .values({
          deliveryId,
          event: event.name,
          action: typeof payload.action === 'string' ? payload.action : null,
          installationId: typeof installation?.id === 'number' ? installation.id : null,
          payload,
        })
        .onConflictDoNothing()
        .returning({ deliveryId: githubWebhookDeliveries.deliveryId });
      if (inserted.length === 0) {
        duplicate = true;
        const [stored] = await db
          .select({ processedAt: githubWebhookDeliveries.processedAt })
          .from(githubWebhookDeliveries)
          .where(eq(githubWebhookDeliveries.deliveryId, deliveryId));
        if (stored?.processedAt) return;
      }
      await queue.enqueue('github.webhook', { deliveryId }, { jobId: deliveryJobId(deliveryId), attempts: 5 });
    },
  );
  return { deliveryId, duplicate };
}
