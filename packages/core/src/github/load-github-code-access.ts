import { and, eq, isNull } from 'drizzle-orm';
import { githubInstallations, repositories, type Database } from '@vibemonitor/db';

/**
 * What the code tools may read for one investigation: the workspace's active
 * installation and the repositories attached to the environment (every
 * attached repository of the workspace when there is no environment). Null
 * when GitHub is not connected, suspended, or nothing is attached.
 */
export async function loadGithubCodeAccess({
  db,
  workspaceId,
  environmentId,
}: {
  db: Database;
  workspaceId: string;
  environmentId: string | null;
}): Promise<{ installationId: number; accountLogin: string; repositories: Array<{ fullName: string; branch: string }> } | null> {
  const [link] = await db
    .select({ installationId: githubInstallations.installationId, accountLogin: githubInstallations.accountLogin })
    .from(githubInstallations)
    .where(and(eq(githubInstallations.workspaceId, workspaceId), isNull(githubInstallations.suspendedAt)));
  if (!link) return null;
  const rows = await db
    .select({ fullName: repositories.fullName, branch: repositories.branch })
    .from(repositories)
    .where(
      and(
        eq(repositories.workspaceId, workspaceId),
        ...(environmentId ? [eq(repositories.environmentId, environmentId)] : []),
      ),
    )
    .orderBy(repositories.fullName);
  const seen = new Set<string>();
  const unique = rows.filter((r) => !seen.has(r.fullName.toLowerCase()) && seen.add(r.fullName.toLowerCase()));
  if (unique.length === 0) return null;
  return { ...link, repositories: unique };
}
