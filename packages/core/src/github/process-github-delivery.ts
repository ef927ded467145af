import { and, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import {
  githubChangeEvents,
  githubInstallations,
  githubWebhookDeliveries,
  type Database,
} from '@vibemonitor/db';
import { changeFromDelivery } from './change-from-delivery.js';

type Json = Record<string, unknown>;

/**
 * Processed deliveries are kept this long, then deleted (their change events
 * stay). GitHub redelivers for a few days at most, so dedupe still holds.
 */
export const DELIVERY_RETENTION_MS = 14 * 24 * 60 * 60_000;

async function handleInstallationEvent(
  db: Database,
  installationId: number,
  action: string | null,
  payload: Json,
  now: Date,
): Promise<string> {
  const linked = eq(githubInstallations.installationId, installationId);
  switch (action) {
    case 'deleted': {
      const removed = await db.delete(githubInstallations).where(linked).returning({ id: githubInstallations.id });
      return removed.length > 0 ? 'installation deleted on GitHub: link forgotten' : 'installation deleted (was not linked)';
    }
    case 'suspend':
      await db.update(githubInstallations).set({ suspendedAt: now }).where(linked);
      return 'installation suspended';
    case 'unsuspend':
      await db.update(githubInstallations).set({ suspendedAt: null }).where(linked);
      return 'installation unsuspended';
    case 'created': {
      const account = (payload.installation as Json | undefined)?.account as Json | undefined;
      const login = typeof account?.login === 'string' ? account.login : null;
      if (login) await db.update(githubInstallations).set({ accountLogin: login }).where(linked);
      return 'installation created (linked by the setup callback)';
    }
    default:
      return `installation ${action ?? 'event'} acknowledged`;
  }
}

/**
 * Handles one stored webhook delivery (the `github.webhook` job).
 * Re-entrant: a processed delivery is skipped, and a change event is keyed by
 * its delivery id, so a re-run stores nothing twice. Installation events
 * keep the link up to date (deleted: forgotten; suspend/unsuspend); change
 * events are stored for the workspace the installation is linked to.
 * Processed deliveries older than DELIVERY_RETENTION_MS are pruned on the way.
 */
export async function processGithubDelivery({
  db,
  deliveryId,
  now = new Date(),
}: {
  db: Database;
  deliveryId: string;
  now?: Date;
}): Promise<{ outcome: string }> {
  const [delivery] = await db
    .select()
    .from(githubWebhookDeliveries)
    .where(eq(githubWebhookDeliveries.deliveryId, deliveryId));
  if (!delivery) return { outcome: 'unknown delivery' };
  if (delivery.processedAt) return { outcome: delivery.outcome ?? 'already processed' };

  const outcome = await db.transaction(async (tx) => {
    const installationId = delivery.installationId;
    if (installationId === null) return `${delivery.event}: no installation in the payload`;
    if (delivery.event === 'installation')
      return handleInstallationEvent(tx, installationId, delivery.action, delivery.payload, now);
    if (delivery.event === 'installation_repositories') {
      const names = (key: string) =>
        ((delivery.payload[key] as Array<{ full_name?: string }> | undefined) ?? [])
          .map((r) => r.full_name)
          .filter(Boolean)
          .join(', ');
      return `repositories added: ${names('repositories_added') || 'none'}; removed: ${names('repositories_removed') || 'none'}`;
    }
    const [link] = await tx
      .select({ workspaceId: githubInstallations.workspaceId })
      .from(githubInstallations)
      .where(eq(githubInstallations.installationId, installationId));
    if (!link) return `ignored: installation ${installationId} is not linked to a workspace`;
    const read = changeFromDelivery(delivery.event, delivery.payload);
    if ('ignored' in read) return `ignored: ${read.ignored}`;
    await tx
      .insert(githubChangeEvents)
      .values({ ...read.change, workspaceId: link.workspaceId, installationId, deliveryId })
      .onConflictDoNothing();
    return `stored ${read.change.kind} change for ${read.change.repositoryFullName}`;
  });
  await db
    .delete(githubWebhookDeliveries)
    .where(
      and(
        isNotNull(githubWebhookDeliveries.processedAt),
        lt(githubWebhookDeliveries.receivedAt, new Date(now.getTime() - DELIVERY_RETENTION_MS)),
      ),
    );
  await db
    .update(githubWebhookDeliveries)
    .set({ processedAt: now, outcome })
    .where(and(eq(githubWebhookDeliveries.deliveryId, deliveryId), isNull(githubWebhookDeliveries.processedAt)));
  return { outcome };
}
