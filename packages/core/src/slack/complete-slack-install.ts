import { and, eq, gt } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { slackInstallations, slackOauthStates, type Database } from '@vibemonitor/db';
import { getMembership } from '../workspaces/get-membership.js';
import { readSlackInstallState } from './slack-install-state.js';
import { slackClientFor, type SlackSettings } from './slack-settings.js';

/**
 * The OAuth callback's work: checks the state (our MAC, not expired, nonce
 * unused: it is deleted here, so a replayed callback fails), checks the
 * installer is still an owner, trades the code with `oauth.v2.access`, and
 * stores the bot token encrypted. A Slack team links to one workspace only:
 * reinstalling into the same workspace refreshes the token, another
 * workspace is refused.
 * @throws AppError UNAUTHORIZED (bad, expired or used state), FORBIDDEN
 *   (no longer an owner), CONFLICT (team linked elsewhere), UNAVAILABLE (Slack refused the code).
 */
export async function completeSlackInstall({
  db,
  secrets,
  settings,
  state,
  code,
  redirectUri,
  now = new Date(),
}: {
  db: Database;
  secrets: SecretBox;
  settings: SlackSettings;
  state: string;
  code: string;
  redirectUri: string;
  now?: Date;
}): Promise<{ workspaceId: string; teamId: string; teamName: string | null }> {
  const claims = readSlackInstallState(settings.clientSecret, state, now);
  if (!claims)
    throw new AppError(
      'UNAUTHORIZED',
      'This Slack install link is invalid or has expired. Start again from VibeMonitor.',
    );
  const [redeemed] = await db
    .delete(slackOauthStates)
    .where(
      and(
        eq(slackOauthStates.nonce, claims.nonce),
        eq(slackOauthStates.workspaceId, claims.workspaceId),
        eq(slackOauthStates.userId, claims.userId),
        gt(slackOauthStates.expiresAt, now),
      ),
    )
    .returning({ nonce: slackOauthStates.nonce });
  if (!redeemed)
    throw new AppError(
      'UNAUTHORIZED',
      'This Slack install link was already used. Start again from VibeMonitor.',
    );
  const membership = await getMembership({
    db,
    workspaceId: claims.workspaceId,
    userId: claims.userId,
  });
  if (membership?.role !== 'owner')
    throw new AppError('FORBIDDEN', 'Only a workspace owner can connect Slack.');

  let access;
  try {
    access = await slackClientFor(settings).oauth.v2.access({
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      code,
      redirect_uri: redirectUri,
    });
  } catch {
    throw new AppError(
      'UNAVAILABLE',
      'Slack did not accept the install (the code may have expired). Try again.',
    );
  }
  const teamId = access.team?.id;
  const token = access.access_token;
  const botUserId = access.bot_user_id;
  if (!access.ok || !teamId || !token || !botUserId) {
    throw new AppError('UNAVAILABLE', 'Slack answered the install without a bot token. Try again.');
  }
  const teamName = access.team?.name ?? null;
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ workspaceId: slackInstallations.workspaceId })
      .from(slackInstallations)
      .where(eq(slackInstallations.teamId, teamId))
      .for('update');
    if (existing && existing.workspaceId !== claims.workspaceId) {
      throw new AppError(
        'CONFLICT',
        'This Slack team is already connected to another VibeMonitor workspace.',
      );
    }
    const values = {
      teamName,
      botUserId,
      botTokenEnc: secrets.encryptSecret(token),
      installedByUserId: claims.userId,
    };
    if (existing) {
      await tx.update(slackInstallations).set(values).where(eq(slackInstallations.teamId, teamId));
    } else {
      // One Slack team per workspace too: a new team replaces the old link.
      await tx
        .delete(slackInstallations)
        .where(eq(slackInstallations.workspaceId, claims.workspaceId));
      await tx
        .insert(slackInstallations)
        .values({ ...values, workspaceId: claims.workspaceId, teamId });
    }
    return { workspaceId: claims.workspaceId, teamId, teamName };
  });
}
