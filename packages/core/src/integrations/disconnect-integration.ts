import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { integrations, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';

/** Removes an integration and, by cascade, its encrypted credentials (owners). */
export async function disconnectIntegration({
  db,
  actor,
  workspaceId,
  integrationId,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  integrationId: string;
}): Promise<void> {
  await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const deleted = await tx
      .delete(integrations)
      .where(and(eq(integrations.id, integrationId), eq(integrations.workspaceId, workspaceId)))
      .returning({ id: integrations.id });
    if (deleted.length === 0)
      throw new AppError('NOT_FOUND', 'Integration not found in this workspace.');
  });
}
