import type { RepositorySummary } from './environment-summary.js';

export interface AvailableRepositories {
  repositories: Array<Pick<RepositorySummary, 'fullName'> & { defaultBranch: string }>;
  githubConnected: boolean;
  /** Why the list is empty, in words a user can act on; null when it is not. */
  message: string | null;
}

/**
 * Repositories the workspace could attach, read from its GitHub App
 * installation. The GitHub App integration does not exist yet, so this says
 * so plainly instead of pretending to list anything; repositories can still
 * be attached by name with addRepository.
 */
export async function listAvailableRepositories(_options: {
  workspaceId: string;
}): Promise<AvailableRepositories> {
  return {
    repositories: [],
    githubConnected: false,
    message:
      'GitHub is not connected to this workspace, so no repositories can be listed. Add repositories by name (owner/name) instead.',
  };
}
