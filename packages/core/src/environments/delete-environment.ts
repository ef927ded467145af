import { and, asc, eq } from 'drizzle-orm';
import { environments, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { loadEnvironment } from './load-environments.js';
import { makeDefaultEnvironment } from './make-default-environment.js';

/**
 * Deletes an environment and its repository list (owners). Deleting the
 * default promotes the oldest remaining environment, so a workspace with
 * environments never ends up without a default.
 */
export async function deleteEnvironment({
  db,
  actor,
  workspaceId,
  environmentId,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  environmentId: string;
}): Promise<{ defaultEnvironmentId: string | null }> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const doomed = await loadEnvironment({ db: tx, workspaceId, environmentId });
    await tx
      .delete(environments)
      .where(and(eq(environments.workspaceId, workspaceId), eq(environments.id, environmentId)));
    if (!doomed.isDefault) {
      const [current] = await tx
        .select({ id: environments.id })
        .from(environments)
        .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
      return { defaultEnvironmentId: current?.id ?? null };
    }
    const [next] = await tx
      .select({ id: environments.id })
      .from(environments)
      .where(eq(environments.workspaceId, workspaceId))
      .orderBy(asc(environments.createdAt), asc(environments.id))
      .limit(1);
    if (next) await makeDefaultEnvironment({ db: tx, workspaceId, environmentId: next.id });
    return { defaultEnvironmentId: next?.id ?? null };
  });
}
