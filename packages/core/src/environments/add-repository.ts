import { and, count, eq, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { repositories, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import {
  REPOSITORIES_PER_ENVIRONMENT_MAX,
  type EnvironmentSummary,
} from './environment-summary.js';
import { loadEnvironment } from './load-environments.js';

/**
 * Attaches a GitHub repository (`owner/name`) and the branch to read to an
 * environment (owners). Adding a repository that is already attached (GitHub
 * names ignore case) changes its branch instead of failing, so the call is
 * safe to repeat.
 */
export async function addRepository({
  db,
  actor,
  workspaceId,
  environmentId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  environmentId: string;
  input: { fullName: string; branch: string };
}): Promise<EnvironmentSummary> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await loadEnvironment({ db: tx, workspaceId, environmentId });
    const inEnvironment = and(
      eq(repositories.workspaceId, workspaceId),
      eq(repositories.environmentId, environmentId),
    );
    const [existing] = await tx
      .select({ id: repositories.id })
      .from(repositories)
      .where(
        and(inEnvironment, eq(sql`lower(${repositories.fullName})`, input.fullName.toLowerCase())),
      );
    if (existing) {
      await tx
        .update(repositories)
        .set({ fullName: input.fullName, branch: input.branch })
        .where(and(inEnvironment, eq(repositories.id, existing.id)));
    } else {
      const [attached] = await tx.select({ n: count() }).from(repositories).where(inEnvironment);
      if ((attached?.n ?? 0) >= REPOSITORIES_PER_ENVIRONMENT_MAX) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `An environment holds at most ${REPOSITORIES_PER_ENVIRONMENT_MAX} repositories: remove one before adding another.`,
        );
      }
      await tx
        .insert(repositories)
        .values({ workspaceId, environmentId, fullName: input.fullName, branch: input.branch });
    }
    return loadEnvironment({ db: tx, workspaceId, environmentId });
  });
}
