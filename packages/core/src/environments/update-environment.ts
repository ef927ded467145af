import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { environments, isUniqueViolation, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { EnvironmentSummary } from './environment-summary.js';
import { assertEnvironmentNameFree, loadEnvironment } from './load-environments.js';

/** Renames an environment (owners); names stay unique per workspace, ignoring case. */
export async function updateEnvironment({
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
  input: { name: string };
}): Promise<EnvironmentSummary> {
  try {
    return await db.transaction(async (tx) => {
      await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
      await loadEnvironment({ db: tx, workspaceId, environmentId });
      await assertEnvironmentNameFree({
        db: tx,
        workspaceId,
        name: input.name,
        exceptId: environmentId,
      });
      await tx
        .update(environments)
        .set({ name: input.name })
        .where(and(eq(environments.workspaceId, workspaceId), eq(environments.id, environmentId)));
      return loadEnvironment({ db: tx, workspaceId, environmentId });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'environments_workspace_name_unique')) {
      throw new AppError(
        'CONFLICT',
        `An environment named "${input.name}" already exists in this workspace.`,
      );
    }
    throw error;
  }
}
