import { asc, eq } from 'drizzle-orm';
import { webhookEndpoints, type Database } from '@vibemonitor/db';
import {
  toWebhookEndpointView,
  webhookEndpointColumns,
  type WebhookEndpointView,
} from './webhook-endpoint-view.js';

/** The workspace's webhook endpoints, oldest first (secrets never included). */
export async function listWebhookEndpoints({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<WebhookEndpointView[]> {
  const rows = await db
    .select(webhookEndpointColumns)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return rows.map(toWebhookEndpointView);
}
