import { and, eq, isNotNull } from 'drizzle-orm';
import { users, type Database } from '@vibemonitor/db';
import type { SlackClient } from '@vibemonitor/integrations';
import { normalizeEmail } from '../accounts/normalize-email.js';
import { getMembership } from '../workspaces/get-membership.js';

export type SlackMember =
  | { kind: 'member'; userId: string; email: string }
  | { kind: 'not-member'; email: string | undefined };

/**
 * Maps a Slack user to a member of the workspace by email, and only by an
 * email both sides have verified: Slack's `is_email_confirmed` and our
 * `email_verified_at`. Anything else (no email, unconfirmed, no account, not
 * a member, a bot) is not a member.
 */
export async function resolveSlackMember({
  db,
  client,
  workspaceId,
  slackUserId,
}: {
  db: Database;
  client: SlackClient;
  workspaceId: string;
  slackUserId: string;
}): Promise<SlackMember> {
  const info = await client.users.info({ user: slackUserId });
  const profileEmail = info.user?.profile?.email;
  if (!info.user || info.user.is_bot || !profileEmail)
    return { kind: 'not-member', email: profileEmail };
  const email = normalizeEmail(profileEmail);
  if (info.user.is_email_confirmed === false) return { kind: 'not-member', email };
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), isNotNull(users.emailVerifiedAt)));
  if (!user) return { kind: 'not-member', email };
  const membership = await getMembership({ db, workspaceId, userId: user.id });
  return membership ? { kind: 'member', userId: user.id, email } : { kind: 'not-member', email };
}
