import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { memberships, securityEvents, type Database } from '@vibemonitor/db';
import { countOwners, lockWorkspace } from '../workspaces/lock-workspace.js';
import { findMember } from './find-member.js';

/**
 * Removes another member from a workspace (owners only). Removing yourself is
 * `leaveWorkspace`, which has its own rules; the last owner is never removed.
 */
export async function removeMember({
  db,
  actor,
  workspaceId,
  input,
  ip,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: { userId: string };
  ip?: string | undefined;
}): Promise<void> {
  if (input.userId === actor.id) {
    throw new AppError(
      'BAD_REQUEST',
      'To remove yourself from a workspace, leave it instead (workspace.leave).',
    );
  }
  await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const member = await findMember({ db: tx, workspaceId, userId: input.userId });
    // Unreachable while the actor is an owner too; kept so the rule holds whoever calls this.
    if (member.role === 'owner' && (await countOwners({ db: tx, workspaceId })) === 1) {
      throw new AppError('PRECONDITION_FAILED', 'The last owner of a workspace cannot be removed.');
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, input.userId)));
    await tx.insert(securityEvents).values({
      workspaceId,
      userId: actor.id,
      kind: 'member_removed',
      detail: { memberUserId: input.userId, role: member.role },
      ip: ip ?? null,
    });
  });
}
