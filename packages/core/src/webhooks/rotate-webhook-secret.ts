import { and, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { webhookEndpoints, type Database } from '@vibemonitor/db';
import { generateWebhookSecret } from '@vibemonitor/integrations';

/** Replaces an endpoint's signing secret (returned this once); later attempts sign with the new one. */
export async function rotateWebhookSecret({
  db,
  secrets,
  workspaceId,
  endpointId,
}: {
  db: Database;
  secrets: SecretBox;
  workspaceId: string;
  endpointId: string;
}): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const updated = await db
    .update(webhookEndpoints)
    .set({ secretCiphertext: secrets.encryptSecret(secret), updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, workspaceId)))
    .returning({ id: webhookEndpoints.id });
  if (updated.length === 0)
    throw new AppError('NOT_FOUND', 'Webhook endpoint not found in this workspace.');
  return { secret };
}
