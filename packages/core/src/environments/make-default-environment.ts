import { and, eq } from 'drizzle-orm';
import { environments, workspaces, type Database } from '@vibemonitor/db';

/**
 * Makes `environmentId` the workspace's only default and mirrors it in
 * workspaces.default_environment_id. The old default is cleared first: the
 * partial unique index allows one default per workspace at any moment, even
 * inside a transaction. Call with `tx` after locking the workspace.
 */
export async function makeDefaultEnvironment({
  db,
  workspaceId,
  environmentId,
}: {
  db: Database;
  workspaceId: string;
  environmentId: string;
}): Promise<void> {
  await db
    .update(environments)
    .set({ isDefault: false })
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
  await db
    .update(environments)
    .set({ isDefault: true })
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.id, environmentId)));
  await db
    .update(workspaces)
    .set({ defaultEnvironmentId: environmentId })
    .where(eq(workspaces.id, workspaceId));
}
