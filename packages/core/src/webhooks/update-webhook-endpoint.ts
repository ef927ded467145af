import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { webhookEndpoints, type Database, type WebhookEventType } from '@vibemonitor/db';
import { assertUrlAllowed } from '@vibemonitor/integrations';
import {
  normalizeWebhookUrl,
  toWebhookEndpointView,
  webhookEndpointColumns,
  type WebhookEndpointView,
} from './webhook-endpoint-view.js';
import type { WebhookSettings } from './webhook-settings.js';

/**
 * Changes an endpoint's URL (checked again by the SSRF policy), events,
 * description, or switches it on/off (a disabled endpoint gets no new
 * deliveries; pending retries to it stop).
 * @throws AppError NOT_FOUND, VALIDATION_FAILED.
 */
export async function updateWebhookEndpoint({
  db,
  settings,
  workspaceId,
  endpointId,
  input,
}: {
  db: Database;
  settings: Pick<WebhookSettings, 'allowPrivateUrls'>;
  workspaceId: string;
  endpointId: string;
  input: {
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    enabled?: boolean | undefined;
  };
}): Promise<WebhookEndpointView> {
  const url = input.url === undefined ? undefined : normalizeWebhookUrl(input.url);
  if (url) await assertUrlAllowed(url, { allowPrivate: settings.allowPrivateUrls });
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...(url !== undefined ? { url } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, workspaceId)))
    .returning(webhookEndpointColumns);
  if (!row) throw new AppError('NOT_FOUND', 'Webhook endpoint not found in this workspace.');
  return toWebhookEndpointView(row);
}
