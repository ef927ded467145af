import { and, eq } from 'drizzle-orm';
import { AppError, type MemberRole } from '@vibemonitor/contracts';
import { memberships, securityEvents, type Database } from '@vibemonitor/db';
import { countOwners, lockWorkspace } from '../workspaces/lock-workspace.js';
import { findMember } from './find-member.js';
import type { MemberSummary } from './member-summary.js';

/**
 * Changes a member's role (owners only). Demoting the last owner is refused,
 * so a workspace always keeps someone who can manage it. Owners may demote
 * themselves while another owner remains.
 */
export async function updateMemberRole({
  db,
  actor,
  workspaceId,
  input,
  ip,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: { userId: string; role: MemberRole };
  ip?: string | undefined;
}): Promise<MemberSummary> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const member = await findMember({ db: tx, workspaceId, userId: input.userId });
    if (member.role === input.role) return member;
    if (member.role === 'owner' && (await countOwners({ db: tx, workspaceId })) === 1) {
      throw new AppError(
        'PRECONDITION_FAILED',
        'This is the last owner of the workspace: make another member an owner before changing this role.',
      );
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, input.userId)));
    await tx.insert(securityEvents).values({
      workspaceId,
      userId: actor.id,
      kind: 'member_role_changed',
      detail: { memberUserId: input.userId, from: member.role, to: input.role },
      ip: ip ?? null,
    });
    return { ...member, role: input.role };
  });
}
