import { eq } from 'drizzle-orm';
import { hashToken } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { invitations, workspaces, type Database, type Invitation } from '@vibemonitor/db';
import { invitationStatus, normalizeEmail } from './invitation-summary.js';

/** An invitation is answered by the token from its email or, from `listMine`, by its id. */
export type InvitationRef =
  { token: string; invitationId?: undefined } | { invitationId: string; token?: undefined };

export interface InvitationRecipient {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
}

const notFound = () =>
  new AppError(
    'NOT_FOUND',
    'Invitation not found: the link is wrong or the invitation was deleted.',
  );

/**
 * Finds the invitation the recipient is answering, locks its workspace and
 * then the invitation (the same order as every other membership change), and
 * checks that it is theirs and still open. Call inside a transaction.
 * By id, someone else's invitation is NOT_FOUND (ids must not reveal who
 * was invited); by token, the holder of the link is told it is for another
 * address. Closed or expired invitations are BAD_REQUEST with
 * `details.reason` so clients can say what happened.
 */
export async function claimInvitation({
  db,
  recipient,
  ref,
  now,
}: {
  db: Database;
  recipient: InvitationRecipient;
  ref: InvitationRef;
  now: Date;
}): Promise<{ invitation: Invitation; workspace: { id: string; name: string } }> {
  const where =
    ref.token !== undefined
      ? eq(invitations.tokenHash, hashToken(ref.token))
      : eq(invitations.id, ref.invitationId);
  const [found] = await db
    .select({ workspaceId: invitations.workspaceId })
    .from(invitations)
    .where(where);
  if (!found) throw notFound();
  const [workspace] = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, found.workspaceId))
    .for('update');
  const [invitation] = await db.select().from(invitations).where(where).for('update');
  if (!workspace || !invitation) throw notFound();

  const forThisUser = invitation.email === normalizeEmail(recipient.email);
  if (!forThisUser && ref.invitationId !== undefined) throw notFound();
  if (!forThisUser) {
    throw new AppError(
      'FORBIDDEN',
      'This invitation was sent to a different email address. Sign in with the address it was sent to.',
    );
  }
  if (!recipient.emailVerifiedAt) {
    throw new AppError('FORBIDDEN', 'Verify your email address first, then answer the invitation.');
  }
  const status = invitationStatus(invitation, now);
  const closed: Partial<Record<typeof status, string>> = {
    accepted: 'This invitation has already been accepted.',
    declined: 'This invitation was declined.',
    revoked: 'This invitation was revoked by a workspace owner.',
    expired: 'This invitation has expired. Ask a workspace owner to invite you again.',
  };
  const message = closed[status];
  if (message) throw new AppError('BAD_REQUEST', message, { reason: status });
  return { invitation, workspace };
}
