import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { alertEndpoints, type Database } from '@vibemonitor/db';

/**
 * Deletes an endpoint and its alert groups; investigations it started stay
 * in the chat history.
 * @throws AppError NOT_FOUND.
 */
export async function deleteAlertEndpoint({
  db,
  workspaceId,
  endpointId,
}: {
  db: Database;
  workspaceId: string;
  endpointId: string;
}): Promise<void> {
  const deleted = await db
    .delete(alertEndpoints)
    .where(and(eq(alertEndpoints.id, endpointId), eq(alertEndpoints.workspaceId, workspaceId)))
    .returning({ id: alertEndpoints.id });
  if (deleted.length === 0)
    throw new AppError('NOT_FOUND', 'Alert endpoint not found in this workspace.');
}
