import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { memberships, type Database } from '@vibemonitor/db';
import { countOwners, lockWorkspace } from './lock-workspace.js';

/**
 * Removes the actor from a team workspace. Refused for the personal
 * workspace, and for the last owner (who must first make someone else an
 * owner, or delete the workspace), so no team is ever left without an owner.
 */
export async function leaveWorkspace({
  db,
  actor,
  workspaceId,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const workspace = await lockWorkspace({
      db: tx,
      workspaceId,
      userId: actor.id,
      minRole: 'user',
    });
    if (workspace.type === 'personal') {
      throw new AppError('PRECONDITION_FAILED', 'You cannot leave your personal workspace.');
    }
    if (workspace.role === 'owner' && (await countOwners({ db: tx, workspaceId })) === 1) {
      throw new AppError(
        'PRECONDITION_FAILED',
        'You are the last owner of this workspace: make another member an owner first, or delete the workspace.',
      );
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, actor.id)));
  });
}
