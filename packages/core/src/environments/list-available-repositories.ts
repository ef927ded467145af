import { eq } from 'drizzle-orm';
import { githubInstallations, type Database } from '@vibemonitor/db';
import type { GithubApp } from '@vibemonitor/integrations';
import { GITHUB_NOT_CONFIGURED } from '../github/github-app-from-config.js';
import type { RepositorySummary } from './environment-summary.js';

export interface AvailableRepositories {
  repositories: Array<Pick<RepositorySummary, 'fullName'> & { defaultBranch: string; private: boolean }>;
  githubConnected: boolean;
  /** Why the list is empty, in words a user can act on; null when it is not. */
  message: string | null;
  page: number;
  perPage: number;
  totalCount: number;
  hasMore: boolean;
}

/**
 * Repositories the workspace could attach, one page at a time, read live from
 * its GitHub App installation (so repositories added or removed on GitHub
 * show at once). Without an installation the list is empty and `message`
 * says why; repositories can still be attached by name with addRepository.
 */
export async function listAvailableRepositories({
  db,
  github,
  workspaceId,
  page = 1,
  perPage = 30,
}: {
  db: Database;
  github: GithubApp | null;
  workspaceId: string;
  page?: number;
  perPage?: number;
}): Promise<AvailableRepositories> {
  const empty = { repositories: [], page, perPage, totalCount: 0, hasMore: false };
  const [link] = await db
    .select({ installationId: githubInstallations.installationId, suspendedAt: githubInstallations.suspendedAt, accountLogin: githubInstallations.accountLogin })
    .from(githubInstallations)
    .where(eq(githubInstallations.workspaceId, workspaceId));
  if (!github || !link) {
    return {
      ...empty,
      githubConnected: false,
      message: !github
        ? `${GITHUB_NOT_CONFIGURED} Add repositories by name (owner/name) instead.`
        : 'GitHub is not connected to this workspace, so no repositories can be listed. Add repositories by name (owner/name) instead.',
    };
  }
  if (link.suspendedAt)
    return {
      ...empty,
      githubConnected: true,
      message: `The GitHub App is suspended on ${link.accountLogin}, so its repositories cannot be listed.`,
    };
  const listed = await github.listRepositories(link.installationId, { page, perPage });
  return {
    repositories: listed.repositories,
    githubConnected: true,
    message:
      listed.totalCount === 0
        ? `The GitHub App can see no repository of ${link.accountLogin}: grant it repositories in GitHub's settings.`
        : null,
    page,
    perPage,
    totalCount: listed.totalCount,
    hasMore: listed.hasMore,
  };
}
