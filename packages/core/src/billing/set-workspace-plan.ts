import { eq } from 'drizzle-orm';
import { AppError, type PlanId } from '@vibemonitor/contracts';
import { plans, workspaces, type Database } from '@vibemonitor/db';

/**
 * Sets a workspace's own plan (workspaces.plan_id): the administrator's
 * command for self-hosted servers without Stripe. A running Stripe
 * subscription still gives its plan while it runs; this is the plan the
 * workspace has otherwise. Nothing is deleted when it goes down.
 */
export async function setWorkspacePlan({
  db,
  workspaceId,
  planId,
}: {
  db: Database;
  workspaceId: string;
  planId: string;
}): Promise<{ workspaceId: string; name: string; previous: PlanId; planId: PlanId }> {
  const [plan] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(eq(plans.id, planId as PlanId));
  if (!plan) {
    const known = (await db.select({ id: plans.id }).from(plans)).map((p) => p.id).join(', ');
    throw new AppError('NOT_FOUND', `No plan "${planId}" (plans: ${known}).`);
  }
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .select({ id: workspaces.id, name: workspaces.name, planId: workspaces.planId })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId))
      .for('update');
    if (!workspace) throw new AppError('NOT_FOUND', `No workspace ${workspaceId}.`);
    await tx.update(workspaces).set({ planId: plan.id }).where(eq(workspaces.id, workspaceId));
    return {
      workspaceId,
      name: workspace.name,
      previous: workspace.planId as PlanId,
      planId: plan.id,
    };
  });
}
