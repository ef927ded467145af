import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { environments, type Database } from '@vibemonitor/db';

/**
 * The environment a turn investigates: the requested one (which must belong
 * to the workspace), else the workspace's default, else none (a workspace
 * that has not set up environments yet can still ask questions).
 */
export async function resolveChatEnvironment({
  db,
  workspaceId,
  environmentId,
}: {
  db: Database;
  workspaceId: string;
  environmentId: string | null | undefined;
}): Promise<string | null> {
  if (environmentId) {
    const [found] = await db
      .select({ id: environments.id })
      .from(environments)
      .where(and(eq(environments.id, environmentId), eq(environments.workspaceId, workspaceId)));
    if (!found)
      throw new AppError('NOT_FOUND', 'That environment does not exist in this workspace.');
    return found.id;
  }
  const [fallback] = await db
    .select({ id: environments.id })
    .from(environments)
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
  return fallback?.id ?? null;
}
