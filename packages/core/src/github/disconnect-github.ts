import { eq } from 'drizzle-orm';
import { githubInstallations, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import type { Logger } from 'pino';
import { lockWorkspace } from '../workspaces/lock-workspace.js';

/**
 * Disconnects GitHub from a workspace (owners): the link is always forgotten;
 * the app is also uninstalled from the GitHub account when GitHub lets us,
 * and a failure to do so is reported (`uninstalled: false`), not thrown, so
 * a workspace can always let go of an account.
 */
export async function disconnectGithub({
  db,
  github,
  actor,
  workspaceId,
  logger,
}: {
  db: Database;
  github: GithubApp | null;
  actor: { id: string };
  workspaceId: string;
  logger?: Logger;
}): Promise<{ disconnected: boolean; uninstalled: boolean }> {
  const removed = await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    return tx
      .delete(githubInstallations)
      .where(eq(githubInstallations.workspaceId, workspaceId))
      .returning({ installationId: githubInstallations.installationId });
  });
  const installationId = removed[0]?.installationId;
  if (installationId === undefined) return { disconnected: false, uninstalled: false };
  let uninstalled = false;
  if (github) {
    try {
      uninstalled = await github.deleteInstallation(installationId);
    } catch (error) {
      logger?.warn({ err: error, installationId }, 'GitHub uninstall failed; the link is forgotten anyway');
    }
  }
  return { disconnected: true, uninstalled };
}
