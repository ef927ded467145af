import { eq } from 'drizzle-orm';
import { invitations, type Database } from '@vibemonitor/db';
import {
  claimInvitation,
  type InvitationRecipient,
  type InvitationRef,
} from './claim-invitation.js';

/** Declines an invitation addressed to the signed-in user's verified email; its link stops working. */
export async function declineInvitation({
  db,
  recipient,
  ref,
  now = new Date(),
}: {
  db: Database;
  recipient: InvitationRecipient;
  ref: InvitationRef;
  now?: Date;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const { invitation } = await claimInvitation({ db: tx, recipient, ref, now });
    await tx.update(invitations).set({ declinedAt: now }).where(eq(invitations.id, invitation.id));
  });
}
