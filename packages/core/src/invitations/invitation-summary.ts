import type { MemberRole } from '@vibemonitor/contracts';
import type { Invitation } from '@vibemonitor/db';

/** How long an invitation link works. Inviting the same address again starts a new period. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `expired` is a pending invitation whose link no longer works (re-invite to refresh it). */
export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'declined' | 'revoked';

/** An invitation as a workspace owner sees it; never the token or its hash. */
export interface InvitationSummary {
  id: string;
  workspaceId: string;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  invitedBy: { userId: string; name: string | null; email: string } | null;
  expiresAt: Date;
  createdAt: Date;
}

/** The state of an invitation at `now`; a closed invitation keeps the state that closed it. */
export function invitationStatus(
  invitation: Pick<Invitation, 'acceptedAt' | 'declinedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date,
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.declinedAt) return 'declined';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** Emails are stored lowercased (a CHECK enforces it), so every lookup normalises first. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
