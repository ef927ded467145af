import { and, eq } from 'drizzle-orm';
import type { MemberRole } from '@vibemonitor/contracts';
import { invitations, memberships, type Database } from '@vibemonitor/db';
import { recordEngagement } from '../engagement/record-engagement.js';
import {
  claimInvitation,
  type InvitationRecipient,
  type InvitationRef,
} from './claim-invitation.js';

/**
 * Accepts an invitation: the signed-in user's verified email must be the one
 * invited, and the invitation must be open. Single use: it is marked accepted
 * in the same transaction that adds the membership. Someone who is already a
 * member keeps their current role.
 */
export async function acceptInvitation({
  db,
  recipient,
  ref,
  now = new Date(),
}: {
  db: Database;
  recipient: InvitationRecipient;
  ref: InvitationRef;
  now?: Date;
}): Promise<{ workspace: { id: string; name: string }; role: MemberRole }> {
  return db.transaction(async (tx) => {
    const { invitation, workspace } = await claimInvitation({ db: tx, recipient, ref, now });
    await tx
      .insert(memberships)
      .values({ workspaceId: workspace.id, userId: recipient.id, role: invitation.role })
      .onConflictDoNothing({ target: [memberships.workspaceId, memberships.userId] });
    const [membership] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, recipient.id)));
    await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
    await recordEngagement({
      db: tx,
      kind: 'invitation_accepted',
      userId: recipient.id,
      workspaceId: workspace.id,
      properties: { role: invitation.role },
    });
    return { workspace, role: membership?.role ?? invitation.role };
  });
}
