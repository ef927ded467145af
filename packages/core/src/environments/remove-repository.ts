import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { repositories, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { EnvironmentSummary } from './environment-summary.js';
import { loadEnvironment } from './load-environments.js';

/** Detaches a repository (`owner/name`, any case) from an environment (owners). */
export async function removeRepository({
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
  input: { fullName: string };
}): Promise<EnvironmentSummary> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await loadEnvironment({ db: tx, workspaceId, environmentId });
    const removed = await tx
      .delete(repositories)
      .where(
        and(
          eq(repositories.workspaceId, workspaceId),
          eq(repositories.environmentId, environmentId),
          eq(sql`lower(${repositories.fullName})`, input.fullName.toLowerCase()),
        ),
      )
      .returning({ id: repositories.id });
    if (removed.length === 0) {
      throw new AppError('NOT_FOUND', `${input.fullName} is not attached to this environment.`);
    }
    return loadEnvironment({ db: tx, workspaceId, environmentId });
  });
}
