import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { alertEndpoints, type Database } from '@vibemonitor/db';
import { resolveChatEnvironment } from '../chat/resolve-chat-environment.js';
import {
  alertEndpointColumns,
  toAlertEndpointView,
  type AlertEndpointView,
} from './alert-endpoint-view.js';

/**
 * Renames an endpoint, switches it on or off (a disabled endpoint refuses
 * alerts with 403 and stores nothing), or changes its fallback environment
 * (null clears it).
 * @throws AppError NOT_FOUND (endpoint or environment).
 */
export async function updateAlertEndpoint({
  db,
  workspaceId,
  endpointId,
  input,
}: {
  db: Database;
  workspaceId: string;
  endpointId: string;
  input: {
    name?: string | undefined;
    enabled?: boolean | undefined;
    environmentId?: string | null | undefined;
  };
}): Promise<AlertEndpointView> {
  return db.transaction(async (tx) => {
    const environmentId =
      input.environmentId === undefined
        ? undefined
        : input.environmentId === null
          ? null
          : await resolveChatEnvironment({
              db: tx,
              workspaceId,
              environmentId: input.environmentId,
            });
    const [row] = await tx
      .update(alertEndpoints)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(environmentId !== undefined ? { environmentId } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(alertEndpoints.id, endpointId), eq(alertEndpoints.workspaceId, workspaceId)))
      .returning(alertEndpointColumns);
    if (!row) throw new AppError('NOT_FOUND', 'Alert endpoint not found in this workspace.');
    return toAlertEndpointView(row);
  });
}
