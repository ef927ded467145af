import { count, eq } from 'drizzle-orm';
import type { PlanId } from '@vibemonitor/contracts';
import { services, type Database } from '@vibemonitor/db';
import { getWorkspacePlan } from '../plans/workspace-plan.js';

export interface ServiceCount {
  count: number;
  /** The plan's maximum; null means unlimited. */
  limit: number | null;
  plan: PlanId;
}

/** How many services the workspace has against its plan's limit. */
export async function countServices({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<ServiceCount> {
  const plan = await getWorkspacePlan({ db, workspaceId });
  const [row] = await db
    .select({ n: count() })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  return { count: row?.n ?? 0, limit: plan.maxServices, plan: plan.id };
}
