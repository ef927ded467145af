import { count, eq } from 'drizzle-orm';
import { last4, type SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { alertEndpoints, type Database } from '@vibemonitor/db';
import { resolveChatEnvironment } from '../chat/resolve-chat-environment.js';
import {
  alertEndpointColumns,
  MAX_ALERT_ENDPOINTS,
  toAlertEndpointView,
  type AlertEndpointView,
} from './alert-endpoint-view.js';
import { generateAlertSecret } from './alert-secret.js';

/**
 * Creates an alert endpoint with a fresh secret, returned this once (stored
 * encrypted). `environmentId` is the fallback environment for alerts whose
 * labels name none of the workspace's environments.
 * @throws AppError NOT_FOUND (environment), CONFLICT (too many endpoints).
 */
export async function createAlertEndpoint({
  db,
  secrets,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  secrets: SecretBox;
  actor: { id: string };
  workspaceId: string;
  input: { name: string; environmentId?: string | undefined };
}): Promise<{ endpoint: AlertEndpointView; secret: string }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ n: count() })
      .from(alertEndpoints)
      .where(eq(alertEndpoints.workspaceId, workspaceId));
    if ((existing?.n ?? 0) >= MAX_ALERT_ENDPOINTS) {
      throw new AppError(
        'CONFLICT',
        `A workspace has at most ${MAX_ALERT_ENDPOINTS} alert endpoints; delete one first.`,
      );
    }
    const environmentId = input.environmentId
      ? await resolveChatEnvironment({ db: tx, workspaceId, environmentId: input.environmentId })
      : null;
    const secret = generateAlertSecret();
    const [row] = await tx
      .insert(alertEndpoints)
      .values({
        workspaceId,
        name: input.name,
        environmentId,
        secretCiphertext: secrets.encryptSecret(secret),
        secretLast4: last4(secret),
        createdByUserId: actor.id,
      })
      .returning(alertEndpointColumns);
    if (!row) throw new Error('insert into alert_endpoints returned no row');
    return { endpoint: toAlertEndpointView(row), secret };
  });
}
