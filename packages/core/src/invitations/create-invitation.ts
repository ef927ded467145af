import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hashToken } from '@vibemonitor/auth';
import { AppError, type MemberRole } from '@vibemonitor/contracts';
import { invitations, memberships, users, type Database } from '@vibemonitor/db';
import type { EmailTransport } from '../email/email-transport.js';
import { invitationLink } from '../email/templates/email-links.js';
import { renderInvitationEmail } from '../email/templates/render-invitation-email.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { INVITATION_TTL_MS, normalizeEmail, type InvitationSummary } from './invitation-summary.js';

interface SendFailureLogger {
  error(obj: object, msg?: string): void;
}

/**
 * Invites an email address to a team workspace (owners only) and emails it a
 * single-use link valid for 7 days; only the token's hash is stored. Inviting
 * the same address again replaces the token (the old link stops working),
 * restarts the 7 days, takes the new role and resends. Existing members are
 * a CONFLICT; personal workspaces cannot be shared.
 */
export async function createInvitation({
  db,
  emailTransport,
  actor,
  workspaceId,
  input,
  webAppUrl,
  logger,
  now = new Date(),
}: {
  db: Database;
  emailTransport: EmailTransport;
  actor: { id: string; name: string | null; email: string };
  workspaceId: string;
  input: { email: string; role: MemberRole };
  webAppUrl: string;
  logger?: SendFailureLogger;
  now?: Date;
}): Promise<{ invitation: InvitationSummary; resent: boolean }> {
  const email = normalizeEmail(input.email);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);

  const { invitation, resent, workspaceName } = await db.transaction(async (tx) => {
    const workspace = await lockWorkspace({
      db: tx,
      workspaceId,
      userId: actor.id,
      minRole: 'owner',
    });
    if (workspace.type === 'personal') {
      throw new AppError(
        'PRECONDITION_FAILED',
        'Personal workspaces cannot have other members: create a team workspace and invite people there.',
      );
    }
    const [member] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(users.email, email)));
    if (member) throw new AppError('CONFLICT', `${email} is already a member of this workspace.`);

    const fresh = {
      role: input.role,
      tokenHash: hashToken(token),
      invitedByUserId: actor.id,
      expiresAt,
      acceptedAt: null,
      declinedAt: null,
      revokedAt: null,
    };
    // One row per (workspace, email): a new invitation reopens whatever state the old one was in.
    const [existing] = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, email)));
    const [row] = existing
      ? await tx.update(invitations).set(fresh).where(eq(invitations.id, existing.id)).returning()
      : await tx
          .insert(invitations)
          .values({ ...fresh, workspaceId, email, createdAt: now })
          .returning();
    if (!row) throw new Error('invitation upsert returned no row');
    const summary: InvitationSummary = {
      id: row.id,
      workspaceId,
      email,
      role: row.role,
      status: 'pending',
      invitedBy: { userId: actor.id, name: actor.name, email: actor.email },
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
    };
    return { invitation: summary, resent: Boolean(existing), workspaceName: workspace.name };
  });

  // Sent after the commit so a slow mail provider never holds the workspace lock.
  const rendered = renderInvitationEmail({
    workspaceName,
    inviterName: actor.name ?? actor.email,
    role: input.role,
    link: invitationLink(webAppUrl, token),
    expiresAt,
  });
  try {
    await emailTransport.send({ ...rendered, to: email });
  } catch (error) {
    logger?.error(
      { err: error, invitationId: invitation.id },
      'invitation email could not be sent',
    );
    throw new AppError(
      'UNAVAILABLE',
      'The invitation was saved but its email could not be sent. Invite the same address again to retry.',
    );
  }
  return { invitation, resent };
}
