import { count, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { webhookEndpoints, type Database, type WebhookEventType } from '@vibemonitor/db';
import { assertUrlAllowed, generateWebhookSecret } from '@vibemonitor/integrations';
import {
  normalizeWebhookUrl,
  toWebhookEndpointView,
  webhookEndpointColumns,
  type WebhookEndpointView,
} from './webhook-endpoint-view.js';
import { MAX_WEBHOOK_ENDPOINTS, type WebhookSettings } from './webhook-settings.js';

/**
 * Adds an outgoing webhook endpoint (owners). The URL must pass the SSRF
 * policy (no link-local or metadata addresses ever, no private ones unless the
 * deployment allows them); the signing secret is returned this once.
 * @throws AppError VALIDATION_FAILED (URL), CONFLICT (too many endpoints).
 */
export async function createWebhookEndpoint({
  db,
  secrets,
  settings,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  secrets: SecretBox;
  settings: Pick<WebhookSettings, 'allowPrivateUrls'>;
  actor: { id: string };
  workspaceId: string;
  input: { url: string; events: WebhookEventType[]; description?: string | undefined };
}): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const url = normalizeWebhookUrl(input.url);
  await assertUrlAllowed(url, { allowPrivate: settings.allowPrivateUrls });
  const [existing] = await db
    .select({ n: count() })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId));
  if ((existing?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new AppError(
      'CONFLICT',
      `A workspace has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first.`,
    );
  }
  const secret = generateWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      workspaceId,
      url,
      description: input.description ?? null,
      events: [...new Set(input.events)],
      secretCiphertext: secrets.encryptSecret(secret),
      createdByUserId: actor.id,
    })
    .returning(webhookEndpointColumns);
  if (!row) throw new Error('insert into webhook_endpoints returned no row');
  return { endpoint: toWebhookEndpointView(row), secret };
}
