import { eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import type { SlackClient } from '@vibemonitor/integrations';
import { slackInstallations, type Database, type SlackInstallation } from '@vibemonitor/db';
import { slackClientFor, type SlackSettings } from './slack-settings.js';

export interface LoadedSlackInstallation {
  installation: SlackInstallation;
  /** A Web API client holding the decrypted bot token. */
  client: SlackClient;
}

/** The installation of a Slack team (or of a workspace) with a ready client; undefined when none. */
export async function loadSlackInstallation({
  db,
  secrets,
  settings,
  by,
}: {
  db: Database;
  secrets: SecretBox;
  settings: SlackSettings;
  by: { teamId: string } | { workspaceId: string };
}): Promise<LoadedSlackInstallation | undefined> {
  const [installation] = await db
    .select()
    .from(slackInstallations)
    .where(
      'teamId' in by
        ? eq(slackInstallations.teamId, by.teamId)
        : eq(slackInstallations.workspaceId, by.workspaceId),
    )
    .limit(1);
  if (!installation) return undefined;
  return {
    installation,
    client: slackClientFor(settings, secrets.decryptSecret(installation.botTokenEnc)),
  };
}
