import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { MemberRole } from '@vibemonitor/contracts';
import { invitations, users, workspaces, type Database } from '@vibemonitor/db';
import { normalizeEmail } from './invitation-summary.js';

/** A pending invitation as its recipient sees it. */
export interface MyInvitation {
  id: string;
  workspace: { id: string; name: string };
  role: MemberRole;
  invitedBy: { name: string | null; email: string } | null;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * The user's pending, unexpired invitations. Matching is by email, so only a
 * verified email counts: otherwise anyone could sign up with someone else's
 * address and see their invitations.
 */
export async function listMyInvitations({
  db,
  actor,
  now = new Date(),
}: {
  db: Database;
  actor: { email: string; emailVerifiedAt: Date | null };
  now?: Date;
}): Promise<MyInvitation[]> {
  if (!actor.emailVerifiedAt) return [];
  const rows = await db
    .select({
      id: invitations.id,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      role: invitations.role,
      inviterName: users.name,
      inviterEmail: users.email,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.email, normalizeEmail(actor.email)),
        isNull(invitations.acceptedAt),
        isNull(invitations.declinedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id));
  return rows.map((row) => ({
    id: row.id,
    workspace: { id: row.workspaceId, name: row.workspaceName },
    role: row.role,
    invitedBy:
      row.inviterEmail === null ? null : { name: row.inviterName, email: row.inviterEmail },
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  }));
}
