import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { invitations, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';

/**
 * Revokes an open invitation of this workspace (owners only) so its link
 * stops working. Revoking twice is harmless; an invitation that was already
 * accepted or declined cannot be revoked (remove the member instead).
 * The lookup is scoped to the workspace: another workspace's invitation id
 * is NOT_FOUND here.
 */
export async function revokeInvitation({
  db,
  actor,
  workspaceId,
  invitationId,
  now = new Date(),
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  invitationId: string;
  now?: Date;
}): Promise<void> {
  await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const [invitation] = await tx
      .select({
        acceptedAt: invitations.acceptedAt,
        declinedAt: invitations.declinedAt,
        revokedAt: invitations.revokedAt,
      })
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, workspaceId)));
    if (!invitation) throw new AppError('NOT_FOUND', 'Invitation not found in this workspace.');
    if (invitation.revokedAt) return;
    if (invitation.acceptedAt) {
      throw new AppError(
        'PRECONDITION_FAILED',
        'This invitation was already accepted: remove the member instead.',
      );
    }
    if (invitation.declinedAt)
      throw new AppError('PRECONDITION_FAILED', 'This invitation was already declined.');
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, workspaceId)));
  });
}
