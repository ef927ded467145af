import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { securityEvents, workspaces, type Database } from '@vibemonitor/db';
import { lockWorkspace } from './lock-workspace.js';

/**
 * Deletes a team workspace and, by cascade, everything in it (members,
 * invitations, chats, integrations...). Owners only. The personal workspace
 * is refused: it goes only with the account.
 */
export async function deleteWorkspace({
  db,
  actor,
  workspaceId,
  ip,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  ip?: string | undefined;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const workspace = await lockWorkspace({
      db: tx,
      workspaceId,
      userId: actor.id,
      minRole: 'owner',
    });
    if (workspace.type === 'personal') {
      throw new AppError(
        'PRECONDITION_FAILED',
        'Your personal workspace cannot be deleted on its own; it is deleted with your account.',
      );
    }
    await tx.delete(workspaces).where(eq(workspaces.id, workspaceId));
    // Written after the delete with a null workspace id: the row it would point at is gone.
    await tx.insert(securityEvents).values({
      userId: actor.id,
      kind: 'workspace_deleted',
      detail: { workspaceId, name: workspace.name },
      ip: ip ?? null,
    });
  });
}
