import { and, eq } from 'drizzle-orm';
import { environments, isUniqueViolation, type Database } from '@vibemonitor/db';
import { AppError } from '@vibemonitor/contracts';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { EnvironmentSummary } from './environment-summary.js';
import { assertEnvironmentNameFree, loadEnvironment } from './load-environments.js';
import { makeDefaultEnvironment } from './make-default-environment.js';

/**
 * Creates an environment (owners). It becomes the default when asked to, or
 * when the workspace has no default yet, so a workspace with environments
 * always has exactly one default for investigations to start from.
 */
export async function createEnvironment({
  db,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: { name: string; makeDefault?: boolean };
}): Promise<EnvironmentSummary> {
  try {
    return await db.transaction(async (tx) => {
      await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
      await assertEnvironmentNameFree({ db: tx, workspaceId, name: input.name });
      const [currentDefault] = await tx
        .select({ id: environments.id })
        .from(environments)
        .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
      const [row] = await tx
        .insert(environments)
        .values({ workspaceId, name: input.name })
        .returning({ id: environments.id });
      if (!row) throw new Error('insert into environments returned no row');
      if (input.makeDefault || !currentDefault)
        await makeDefaultEnvironment({ db: tx, workspaceId, environmentId: row.id });
      return loadEnvironment({ db: tx, workspaceId, environmentId: row.id });
    });
  } catch (error) {
    // Backstop for writers that skip the lock: the unique constraint still holds.
    if (isUniqueViolation(error, 'environments_workspace_name_unique')) {
      throw new AppError(
        'CONFLICT',
        `An environment named "${input.name}" already exists in this workspace.`,
      );
    }
    throw error;
  }
}
