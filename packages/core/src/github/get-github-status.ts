import { eq } from 'drizzle-orm';
import { githubInstallations, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import { GITHUB_NOT_CONFIGURED } from './github-app-from-config.js';

export interface GithubStatus {
  /** Whether this server has a GitHub App configured at all. */
  configured: boolean;
  connected: boolean;
  installation: {
    installationId: number;
    accountLogin: string;
    suspended: boolean;
    connectedAt: string;
  } | null;
  /** What to do next, when something is missing; null when connected and active. */
  message: string | null;
}

/** The workspace's GitHub connection, read from the database only (no GitHub call). */
export async function getGithubStatus({
  db,
  github,
  workspaceId,
}: {
  db: Database;
  github: GithubApp | null;
  workspaceId: string;
}): Promise<GithubStatus> {
  const [row] = await db
    .select()
    .from(githubInstallations)
    .where(eq(githubInstallations.workspaceId, workspaceId));
  const installation = row
    ? {
        installationId: row.installationId,
        accountLogin: row.accountLogin,
        suspended: row.suspendedAt !== null,
        connectedAt: row.createdAt.toISOString(),
      }
    : null;
  return {
    configured: github !== null,
    connected: installation !== null,
    installation,
    message: !github
      ? GITHUB_NOT_CONFIGURED
      : !installation
        ? 'GitHub is not connected to this workspace: an owner can install the GitHub App (github.installUrl).'
        : installation.suspended
          ? `The GitHub App is suspended on ${installation.accountLogin}: unsuspend it in GitHub's settings.`
          : null,
  };
}
