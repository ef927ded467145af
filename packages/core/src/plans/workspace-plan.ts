import { eq } from 'drizzle-orm';
import { AppError, type PlanId } from '@vibemonitor/contracts';
import { plans, workspaces, type Database } from '@vibemonitor/db';

export interface WorkspacePlan {
  id: PlanId;
  name: string;
  /** Null means unlimited. */
  maxServices: number | null;
}

/**
 * The plan a workspace is on, read from the seeded plans table so limits
 * change with a migration, not a deploy. Call it after locking the workspace
 * when the answer guards a write, so a plan change cannot slip in between.
 */
export async function getWorkspacePlan({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<WorkspacePlan> {
  const [row] = await db
    .select({ id: plans.id, name: plans.name, maxServices: plans.maxServices })
    .from(workspaces)
    .innerJoin(plans, eq(plans.id, workspaces.planId))
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw new AppError('NOT_FOUND', 'Workspace not found.');
  return row;
}
