import { eq } from 'drizzle-orm';
import { slackInstallations, type Database } from '@vibemonitor/db';

/** Forgets a Slack team after `app_uninstalled` or `tokens_revoked`: the token is already dead. */
export async function removeSlackInstallation({
  db,
  teamId,
}: {
  db: Database;
  teamId: string;
}): Promise<boolean> {
  const deleted = await db
    .delete(slackInstallations)
    .where(eq(slackInstallations.teamId, teamId))
    .returning({ id: slackInstallations.id });
  return deleted.length > 0;
}
