import { asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { memberships, securityEvents, users, workspaces, type Database } from '@vibemonitor/db';
import { previewAccountDeletion, type BlockingWorkspace } from './preview-account-deletion.js';

function describeBlocking(blocking: BlockingWorkspace[]): string {
  return blocking
    .map((w) => {
      const names = w.otherMembers.map((m) => m.name ?? m.email);
      const more = w.otherMemberCount - names.length;
      return `"${w.name}" (members: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
    })
    .join('; ');
}

/**
 * Deletes the user and their data in one transaction: the personal workspace,
 * team workspaces where they are the only member, their memberships,
 * sessions, OAuth links and email tokens (by cascade). Chats they wrote in
 * teams that live on stay, without an author.
 *
 * `confirm` must be the account's email address (case does not matter):
 * typing it proves the person means this account, so a mistaken click or a
 * replayed request body without it never deletes anything. Refused with PRECONDITION_FAILED while the user is the only owner
 * of a team that has other members, naming those teams and members.
 */
export async function deleteAccount({
  db,
  actor,
  input,
  ip,
}: {
  db: Database;
  actor: { id: string; email: string };
  input: { confirm: string };
  ip?: string | undefined;
}): Promise<{ deletedWorkspaceIds: string[] }> {
  if (input.confirm.trim().toLowerCase() !== actor.email.toLowerCase()) {
    throw new AppError(
      'BAD_REQUEST',
      `To confirm deleting your account, set confirm to your account's email address (${actor.email}).`,
    );
  }
  return db.transaction(async (tx) => {
    // Lock every workspace the user is in (in id order, so two deletions
    // cannot deadlock): nobody can join or leave them until we commit, so the
    // preview below stays true while we act on it.
    const mine = tx
      .select({ id: memberships.workspaceId })
      .from(memberships)
      .where(eq(memberships.userId, actor.id));
    await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(inArray(workspaces.id, mine))
      .orderBy(asc(workspaces.id))
      .for('update');
    const preview = await previewAccountDeletion({ db: tx, userId: actor.id });
    if (!preview.canDelete) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `You are the only owner of ${describeBlocking(preview.blockingWorkspaces)}. ` +
          'Make another member an owner, or delete those workspaces, before deleting your account.',
        { blockingWorkspaces: preview.blockingWorkspaces },
      );
    }
    const deletedWorkspaceIds = preview.workspacesToDelete.map((w) => w.id);
    if (deletedWorkspaceIds.length > 0)
      await tx.delete(workspaces).where(inArray(workspaces.id, deletedWorkspaceIds));
    await tx.delete(users).where(eq(users.id, actor.id));
    // The audit row outlives the user, so it keeps only the ids, not the email or name.
    await tx.insert(securityEvents).values({
      kind: 'account_deleted',
      detail: { userId: actor.id, deletedWorkspaceIds },
      ip: ip ?? null,
    });
    return { deletedWorkspaceIds };
  });
}
