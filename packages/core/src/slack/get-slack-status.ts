import { eq } from 'drizzle-orm';
import { slackChannelSettings, slackInstallations, type Database } from '@vibemonitor/db';

export interface SlackChannelView {
  channelId: string;
  environmentId: string | null;
  notifications: boolean;
  alerts: boolean;
}

export interface SlackStatus {
  configured: boolean;
  connected: boolean;
  teamId: string | null;
  teamName: string | null;
  connectedAt: Date | null;
  channels: SlackChannelView[];
}

/** Whether the workspace has a Slack team connected, and its per-channel settings. */
export async function getSlackStatus({
  db,
  workspaceId,
  configured,
}: {
  db: Database;
  workspaceId: string;
  configured: boolean;
}): Promise<SlackStatus> {
  const [installation] = await db
    .select({
      teamId: slackInstallations.teamId,
      teamName: slackInstallations.teamName,
      createdAt: slackInstallations.createdAt,
    })
    .from(slackInstallations)
    .where(eq(slackInstallations.workspaceId, workspaceId))
    .limit(1);
  const channels = installation
    ? await db
        .select({
          channelId: slackChannelSettings.channelId,
          environmentId: slackChannelSettings.environmentId,
          notifications: slackChannelSettings.notifications,
          alerts: slackChannelSettings.alerts,
        })
        .from(slackChannelSettings)
        .where(eq(slackChannelSettings.workspaceId, workspaceId))
        .orderBy(slackChannelSettings.channelId)
    : [];
  return {
    configured,
    connected: Boolean(installation),
    teamId: installation?.teamId ?? null,
    teamName: installation?.teamName ?? null,
    connectedAt: installation?.createdAt ?? null,
    channels,
  };
}
