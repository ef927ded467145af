import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import {
  environments,
  slackChannelSettings,
  slackInstallations,
  type Database,
} from '@vibemonitor/db';

/**
 * Sets a channel's choices: the environment its questions investigate (null:
 * the workspace default), whether notifications are posted there and whether
 * monitoring-bot alerts there start investigations.
 * @throws AppError NOT_FOUND (Slack not connected, environment not in the workspace).
 */
export async function setSlackChannel({
  db,
  workspaceId,
  input,
}: {
  db: Database;
  workspaceId: string;
  input: {
    channelId: string;
    environmentId: string | null;
    notifications: boolean;
    alerts: boolean;
  };
}): Promise<void> {
  const [installation] = await db
    .select({ id: slackInstallations.id })
    .from(slackInstallations)
    .where(eq(slackInstallations.workspaceId, workspaceId));
  if (!installation) throw new AppError('NOT_FOUND', 'Slack is not connected to this workspace.');
  if (input.environmentId) {
    const [environment] = await db
      .select({ id: environments.id })
      .from(environments)
      .where(
        and(eq(environments.id, input.environmentId), eq(environments.workspaceId, workspaceId)),
      );
    if (!environment) throw new AppError('NOT_FOUND', 'Environment not found in this workspace.');
  }
  const values = {
    environmentId: input.environmentId,
    notifications: input.notifications,
    alerts: input.alerts,
  };
  await db
    .insert(slackChannelSettings)
    .values({ workspaceId, installationId: installation.id, channelId: input.channelId, ...values })
    .onConflictDoUpdate({
      target: [slackChannelSettings.installationId, slackChannelSettings.channelId],
      set: values,
    });
}
