import { and, eq } from 'drizzle-orm';
import { last4, type SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { alertEndpoints, type Database } from '@vibemonitor/db';
import {
  alertEndpointColumns,
  toAlertEndpointView,
  type AlertEndpointView,
} from './alert-endpoint-view.js';
import { generateAlertSecret } from './alert-secret.js';

/**
 * Replaces an endpoint's secret; the old one stops working at once (update
 * the sender's configuration with the new one, returned this once).
 * @throws AppError NOT_FOUND.
 */
export async function rotateAlertEndpointSecret({
  db,
  secrets,
  workspaceId,
  endpointId,
  now = new Date(),
}: {
  db: Database;
  secrets: SecretBox;
  workspaceId: string;
  endpointId: string;
  now?: Date;
}): Promise<{ endpoint: AlertEndpointView; secret: string }> {
  const secret = generateAlertSecret();
  const [row] = await db
    .update(alertEndpoints)
    .set({
      secretCiphertext: secrets.encryptSecret(secret),
      secretLast4: last4(secret),
      secretRotatedAt: now,
      updatedAt: now,
    })
    .where(and(eq(alertEndpoints.id, endpointId), eq(alertEndpoints.workspaceId, workspaceId)))
    .returning(alertEndpointColumns);
  if (!row) throw new AppError('NOT_FOUND', 'Alert endpoint not found in this workspace.');
  return { endpoint: toAlertEndpointView(row), secret };
}
