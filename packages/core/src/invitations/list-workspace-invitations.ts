import { and, asc, eq, isNull } from 'drizzle-orm';
import { invitations, users, type Database } from '@vibemonitor/db';
import { afterCursor, cursorText, toPage, type Page } from '../workspaces/page-cursor.js';
import { invitationStatus, type InvitationSummary } from './invitation-summary.js';

/**
 * A workspace's open invitations (not accepted, declined or revoked), oldest
 * first. Expired ones are included with status `expired` so owners can see
 * who never answered and invite them again.
 */
export async function listWorkspaceInvitations({
  db,
  workspaceId,
  limit,
  cursor,
  now = new Date(),
}: {
  db: Database;
  workspaceId: string;
  limit: number;
  cursor?: string | undefined;
  now?: Date;
}): Promise<Page<InvitationSummary>> {
  const rows = await db
    .select({
      invitation: {
        id: invitations.id,
        workspaceId: invitations.workspaceId,
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
        acceptedAt: invitations.acceptedAt,
        declinedAt: invitations.declinedAt,
        revokedAt: invitations.revokedAt,
      },
      inviter: { userId: users.id, name: users.name, email: users.email },
      cursorAt: cursorText(invitations.createdAt),
      cursorId: invitations.id,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.declinedAt),
        isNull(invitations.revokedAt),
        cursor === undefined
          ? undefined
          : afterCursor(invitations.createdAt, invitations.id, cursor),
      ),
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ invitation, inviter }) => ({
    id: invitation.id,
    workspaceId: invitation.workspaceId,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invitedBy: inviter,
    expiresAt: invitation.expiresAt,
    createdAt: invitation.createdAt,
  }));
}
