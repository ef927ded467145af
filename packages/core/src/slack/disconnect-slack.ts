import { eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { slackInstallations, type Database } from '@vibemonitor/db';
import type { ChatLogger } from '../chat/chat-logger.js';
import { loadSlackInstallation } from './load-slack-installation.js';
import type { SlackSettings } from './slack-settings.js';

/**
 * Revokes the bot token with `auth.revoke` and deletes the installation (its
 * threads and channel settings go with it). The deletion happens even when
 * Slack cannot be reached: the owner asked to cut the link, and a token we
 * no longer hold cannot be used by us.
 * @throws AppError NOT_FOUND when the workspace has no Slack connection.
 */
export async function disconnectSlack({
  db,
  secrets,
  settings,
  workspaceId,
  logger,
}: {
  db: Database;
  secrets: SecretBox;
  settings: SlackSettings | undefined;
  workspaceId: string;
  logger?: ChatLogger | undefined;
}): Promise<void> {
  const [row] = await db
    .select({ id: slackInstallations.id })
    .from(slackInstallations)
    .where(eq(slackInstallations.workspaceId, workspaceId));
  if (!row) throw new AppError('NOT_FOUND', 'Slack is not connected to this workspace.');
  if (settings) {
    const loaded = await loadSlackInstallation({ db, secrets, settings, by: { workspaceId } });
    try {
      await loaded?.client.auth.revoke();
    } catch (error) {
      logger?.warn({ err: error }, 'Slack token not revoked; deleting the installation anyway');
    }
  }
  await db.delete(slackInstallations).where(eq(slackInstallations.id, row.id));
}
