import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { webhookEndpoints, type Database } from '@vibemonitor/db';

/** Deletes a webhook endpoint with its delivery log; queued attempts find it gone and stop. */
export async function deleteWebhookEndpoint({
  db,
  workspaceId,
  endpointId,
}: {
  db: Database;
  workspaceId: string;
  endpointId: string;
}): Promise<void> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, workspaceId)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0)
    throw new AppError('NOT_FOUND', 'Webhook endpoint not found in this workspace.');
}
