import type { PlanId } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import { loadEffectivePlan } from '../billing/load-effective-plan.js';

export interface WorkspacePlan {
  id: PlanId;
  name: string;
  /** Null means unlimited. */
  maxServices: number | null;
  /** Why the limits are what they are, when it is not obvious (a failed payment, an ended subscription). */
  notice: string | null;
}

/**
 * The plan whose limits apply to a workspace now (see loadEffectivePlan: its
 * Stripe subscription, else workspaces.plan_id), read from the plans table so
 * limits change with the table, not a deploy. Call it after locking the
 * workspace when the answer guards a write, so a plan change cannot slip in
 * between.
 */
export async function getWorkspacePlan({
  db,
  workspaceId,
  now,
}: {
  db: Database;
  workspaceId: string;
  now?: Date;
}): Promise<WorkspacePlan> {
  const plan = await loadEffectivePlan({ db, workspaceId, ...(now ? { now } : {}) });
  return { id: plan.id, name: plan.name, maxServices: plan.maxServices, notice: plan.notice };
}
